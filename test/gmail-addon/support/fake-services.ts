import { asService } from "./fake-cast";

type Properties = GoogleAppsScript.Properties.Properties;

/** A property store, kept in memory; values are strings, as Apps Script keeps them. */
export function fakeProperties(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  const store: Properties = asService<Properties>({
    getProperty: (key: string) => values.get(key) ?? null,
    setProperty: (key: string, value: string) => {
      if (typeof value !== "string") throw new Error(`Invalid argument: ${key}`);
      values.set(key, value);
      return store;
    },
    deleteProperty: (key: string) => {
      values.delete(key);
      return store;
    },
    getKeys: () => [...values.keys()],
    getProperties: () => Object.fromEntries(values),
  });
  return { store, values };
}

export function fakePropertiesService(user: Properties, script: Properties) {
  return asService<GoogleAppsScript.Properties.PropertiesService>({
    getUserProperties: () => user,
    getScriptProperties: () => script,
  });
}

/** ScriptApp: the identity token Google would hand the add-on (null: none granted). */
export function fakeScriptApp(identity: { token: string | null }) {
  return asService<GoogleAppsScript.Script.ScriptApp>({
    // the real one answers null without the openid scope, whatever its type says
    getIdentityToken: () => identity.token as string,
  });
}

export function fakeSession(user: { email: string }) {
  const activeUser = asService<GoogleAppsScript.Base.User>({ getEmail: () => user.email });
  return asService<GoogleAppsScript.Base.Session>({
    getActiveUser: () => activeUser,
    getEffectiveUser: () => activeUser,
  });
}

/** A message as Gmail holds it, opened with the event's access token. */
export type FakeMessage = {
  id: string;
  accessToken: string;
  subject: string;
  from: string;
  date: Date;
  headers: Record<string, string>;
};

/** GmailApp: a message opens only after `setCurrentMessageAccessToken` with its event's token. */
export function fakeGmailApp(messages: Map<string, FakeMessage>) {
  let token: string | null = null;
  return asService<GoogleAppsScript.Gmail.GmailApp>({
    setCurrentMessageAccessToken: (accessToken: string) => {
      token = accessToken;
    },
    getMessageById: (id: string) => {
      const message = messages.get(id);
      if (!message || message.accessToken !== token) {
        throw new Error("Access denied: : Missing access token for per message scope");
      }
      return asService<GoogleAppsScript.Gmail.GmailMessage>({
        getId: () => message.id,
        getSubject: () => message.subject,
        getFrom: () => message.from,
        getDate: () => message.date,
        // Gmail answers "" for a header the message does not have
        getHeader: (name: string) =>
          Object.entries(message.headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1] ??
          "",
      });
    },
  });
}
