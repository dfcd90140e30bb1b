import { fakeCardService } from "./fake-card-service";
import {
  type FakeMessage,
  fakeGmailApp,
  fakeProperties,
  fakePropertiesService,
  fakeScriptApp,
  fakeSession,
} from "./fake-services";
import { fakeUrlFetchApp, type Transport } from "./fake-url-fetch";

export type WorldOptions = {
  transport: Transport;
  apiUrl?: string;
  gmailUser?: string;
  identityToken?: string | null;
};

/**
 * Apps Script as one Gmail user sees it: the services the add-on calls, and handles to look at
 * and change what they hold (the user's properties, the identity token, the open messages).
 */
export function appsScriptWorld(options: WorldOptions) {
  const user = fakeProperties();
  const script = fakeProperties(options.apiUrl ? { TISKET_API_URL: options.apiUrl } : {});
  const identity = { token: options.identityToken ?? null };
  const session = { email: options.gmailUser ?? "agent@acme.example" };
  const messages = new Map<string, FakeMessage>();
  const urlFetch = fakeUrlFetchApp(options.transport);
  const globals = {
    CardService: fakeCardService(),
    UrlFetchApp: urlFetch.service,
    PropertiesService: fakePropertiesService(user.store, script.store),
    ScriptApp: fakeScriptApp(identity),
    Session: fakeSession(session),
    GmailApp: fakeGmailApp(messages),
  };
  return {
    globals,
    sent: urlFetch.sent,
    userProperties: user.values,
    scriptProperties: script.values,
    identity,
    session,
    /** Puts a message in the mailbox and answers the event Gmail sends when it is opened. */
    openMessage(
      message: Omit<FakeMessage, "accessToken" | "id"> & { id?: string },
    ): GoogleAppsScript.Addons.EventObject {
      const id = message.id ?? `msg-${messages.size + 1}`;
      const accessToken = `access-${id}`;
      messages.set(id, { ...message, id, accessToken });
      return gmailEvent({ messageId: id, threadId: `thread-${id}`, accessToken });
    },
  };
}

export type AppsScriptWorld = ReturnType<typeof appsScriptWorld>;

type Gmail = GoogleAppsScript.Addons.GmailEventObject;

/** An event object as Gmail builds it for the add-on (V8 shape: `commonEventObject`). */
export function gmailEvent(
  gmail?: Partial<Gmail>,
  extra: { parameters?: Record<string, string>; form?: Record<string, string> } = {},
): GoogleAppsScript.Addons.EventObject {
  const formInputs = Object.fromEntries(
    Object.entries(extra.form ?? {}).map(([field, value]) => [
      field,
      { "": {}, stringInputs: { value: [value] } },
    ]),
  );
  return {
    commonEventObject: { platform: "WEB", hostApp: "GMAIL", parameters: extra.parameters ?? {}, formInputs },
    ...(gmail ? { gmail: { messageId: "", threadId: "", accessToken: "", ...gmail } } : {}),
  };
}

/** The compose trigger's event: recipients only, as `draftAccess: METADATA` gives them. */
export function composeEvent(recipients: { to?: string[]; cc?: string[]; bcc?: string[] }) {
  return gmailEvent({
    accessToken: "compose-token",
    toRecipients: recipients.to ?? [],
    ccRecipients: recipients.cc ?? [],
    bccRecipients: recipients.bcc ?? [],
  });
}

/** Installs the world's services as globals, for tests that import the add-on's modules. */
export function installGlobals(world: AppsScriptWorld): void {
  Object.assign(globalThis, world.globals);
}
