/**
 * A scripted stand-in for Office.js in Outlook, typed against @types/office-js: each part
 * implements only members of the real interfaces (`Pick<…>`), so the add-in calling anything
 * Outlook lacks fails here too. `installOfficeStandIn` has no imports and no closure over this
 * module: the browser tests inject its source before the page loads, the event tests run it in
 * a bare V8 context.
 */

export type StandInPerson = { emailAddress: string; displayName: string };

export type StandInItem = {
  mode: "read" | "compose";
  subject: string;
  internetMessageId?: string;
  from?: StandInPerson;
  /** The raw header block getAllInternetHeadersAsync answers. */
  headers?: string;
  dateTimeCreated?: string;
  to?: StandInPerson[];
  cc?: StandInPerson[];
  bcc?: StandInPerson[];
  /** A draft's body format; "unsupported" fails getTypeAsync, as compose on Outlook mobile does. */
  bodyType?: "html" | "text" | "unsupported";
  /** What setSelectedDataAsync inserted into the draft's body, in order. */
  body?: string;
};

export type StandInSetup = {
  items: StandInItem[];
  roaming: Record<string, string>;
  /** Requirement sets the client supports, with their highest version, e.g. { Mailbox: "1.15" }. */
  requirements: Record<string, string>;
};

/** What a test reads back and drives. */
export type StandInControl = {
  calls: { call: string; value?: unknown }[];
  notices: Record<string, string>;
  roaming: Record<string, string>;
  item(): StandInItem;
  /** Shows another item, as Outlook does when a pinned pane's agent opens the next message. */
  switchTo(index: number): void;
  /** The agent changed the draft's recipients. */
  setRecipients(to: StandInPerson[], cc?: StandInPerson[]): void;
  /** The handlers the event file associated, by name. */
  actions: Record<string, (event: Pick<Office.MailboxEvent, "completed">) => void>;
};

export function installOfficeStandIn(setup: StandInSetup): void {
  type Result<T> = Office.AsyncResult<T>;
  const succeeded = <T>(value: T): Result<T> =>
    ({
      status: "succeeded",
      value,
      error: null,
      asyncContext: undefined,
      diagnostics: null,
    }) as unknown as Result<T>;
  const later = (run: () => void) => Promise.resolve().then(run);
  let index = 0;
  const handlers: Record<string, (() => void)[]> = {};
  const listen = (eventType: Office.EventType | string, handler: () => void) => {
    const list = handlers[String(eventType)] ?? [];
    list.push(handler);
    handlers[String(eventType)] = list;
  };
  const control: StandInControl = {
    calls: [],
    notices: {},
    roaming: { ...setup.roaming },
    item: () => setup.items[index]!,
    switchTo(next) {
      index = next;
      mailbox.item = makeItem(setup.items[index]!);
      for (const handler of handlers.olkItemSelectedChanged ?? []) handler();
    },
    setRecipients(to, cc = []) {
      const item = setup.items[index]!;
      item.to = to;
      item.cc = cc;
      for (const handler of handlers.olkRecipientsChanged ?? []) handler();
    },
    actions: {},
  };
  const record = (call: string, value?: unknown) => control.calls.push({ call, value });
  const failed = (name: string, message: string) =>
    ({
      status: "failed",
      value: undefined,
      error: { name, message, code: 9000 },
      asyncContext: undefined,
      diagnostics: null,
    }) as unknown as Result<void>;
  const callbackOf = (args: unknown[]) =>
    args.find((arg) => typeof arg === "function") as ((r: Result<never>) => void) | undefined;

  function recipients(field: "to" | "cc" | "bcc"): Pick<Office.Recipients, "getAsync"> {
    return {
      getAsync(...args: unknown[]) {
        const callback = args.find((arg) => typeof arg === "function") as (r: Result<unknown>) => void;
        const value = (setup.items[index]![field] ?? []).map((person) => ({
          ...person,
          recipientType: "user",
        }));
        later(() => callback(succeeded(value)));
      },
    };
  }

  // Outlook's body takes text or HTML only, a string of at most 1,000,000 characters, and no HTML
  // into a plain-text body (InvalidFormatError); Office.js throws on arguments of the wrong kind
  function draftBody(item: StandInItem): Pick<Office.Body, "getTypeAsync" | "setSelectedDataAsync"> {
    return {
      getTypeAsync(...args: unknown[]) {
        const callback = callbackOf(args);
        const type = item.bodyType ?? "html";
        later(() =>
          callback?.(
            type === "unsupported"
              ? (failed("NotSupported", "This API isn't supported here.") as Result<never>)
              : (succeeded(type) as unknown as Result<never>),
          ),
        );
      },
      setSelectedDataAsync(data: string, ...args: unknown[]) {
        if (typeof data !== "string") throw new TypeError("setSelectedDataAsync: data must be a string");
        const options = args.find((arg) => typeof arg === "object" && arg !== null) as
          | { coercionType?: string }
          | undefined;
        const coercionType = options?.coercionType ?? "text";
        if (coercionType !== "text" && coercionType !== "html") {
          throw new Error(`setSelectedDataAsync: Outlook has no coercion type ${coercionType} for a body`);
        }
        const callback = callbackOf(args);
        let outcome: Result<void> = succeeded(undefined);
        if (data.length > 1_000_000) outcome = failed("DataExceedsMaximumSize", "The data is too long.");
        else if (coercionType === "html" && item.bodyType === "text") {
          outcome = failed("InvalidFormatError", "The body is plain text; HTML can't be inserted.");
        } else {
          record("body.setSelectedDataAsync", { data, coercionType });
          item.body = (item.body ?? "") + data;
        }
        later(() => callback?.(outcome as Result<never>));
      },
    };
  }

  function composeItem(item: StandInItem) {
    const subject: Pick<Office.Subject, "getAsync" | "setAsync"> = {
      getAsync(...args: unknown[]) {
        const callback = args.find((arg) => typeof arg === "function") as (r: Result<string>) => void;
        later(() => callback(succeeded(item.subject)));
      },
      setAsync(value: string, ...args: unknown[]) {
        record("subject.setAsync", value);
        item.subject = value;
        const callback = args.find((arg) => typeof arg === "function") as
          | ((r: Result<void>) => void)
          | undefined;
        later(() => callback?.(succeeded(undefined)));
      },
    };
    const notificationMessages: Pick<Office.NotificationMessages, "replaceAsync" | "removeAsync"> = {
      replaceAsync(key: string, details: Office.NotificationMessageDetails, ...args: unknown[]) {
        control.notices[key] = details.message;
        record("notice", details.message);
        const callback = args.find((arg) => typeof arg === "function") as
          | ((r: Result<void>) => void)
          | undefined;
        later(() => callback?.(succeeded(undefined)));
      },
      removeAsync(key: string, ...args: unknown[]) {
        delete control.notices[key];
        const callback = args.find((arg) => typeof arg === "function") as
          | ((r: Result<void>) => void)
          | undefined;
        later(() => callback?.(succeeded(undefined)));
      },
    };
    const compose: Pick<Office.MessageCompose, "itemType" | "addHandlerAsync"> & {
      subject: typeof subject;
      to: ReturnType<typeof recipients>;
      cc: ReturnType<typeof recipients>;
      bcc: ReturnType<typeof recipients>;
      body: ReturnType<typeof draftBody>;
      notificationMessages: typeof notificationMessages;
    } = {
      itemType: "message" as Office.MailboxEnums.ItemType,
      subject,
      to: recipients("to"),
      cc: recipients("cc"),
      bcc: recipients("bcc"),
      body: draftBody(item),
      notificationMessages,
      addHandlerAsync(eventType: Office.EventType | string, handler: () => void, ...args: unknown[]) {
        listen(eventType, handler);
        const callback = args.find((arg) => typeof arg === "function") as
          | ((r: Result<void>) => void)
          | undefined;
        later(() => callback?.(succeeded(undefined)));
      },
    };
    return compose;
  }

  function readItem(item: StandInItem) {
    const read: Pick<
      Office.MessageRead,
      "itemType" | "subject" | "internetMessageId" | "from" | "dateTimeCreated" | "getAllInternetHeadersAsync"
    > = {
      itemType: "message" as Office.MailboxEnums.ItemType,
      subject: item.subject,
      internetMessageId: item.internetMessageId ?? "",
      from: {
        ...(item.from ?? { emailAddress: "", displayName: "" }),
        recipientType: "user",
      } as Office.EmailAddressDetails,
      dateTimeCreated: new Date(item.dateTimeCreated ?? Date.now()),
      getAllInternetHeadersAsync(...args: unknown[]) {
        const callback = args.find((arg) => typeof arg === "function") as (r: Result<string>) => void;
        later(() => callback(succeeded(item.headers ?? "")));
      },
    };
    return read;
  }

  function makeItem(item: StandInItem) {
    return item.mode === "compose" ? composeItem(item) : readItem(item);
  }

  const roamingSettings: Pick<Office.RoamingSettings, "get" | "set" | "remove" | "saveAsync"> = {
    get: (name: string) => control.roaming[name],
    set(name: string, value: unknown) {
      control.roaming[name] = String(value);
    },
    remove(name: string) {
      delete control.roaming[name];
    },
    saveAsync(callback?: (result: Result<void>) => void) {
      record("roamingSettings.saveAsync");
      later(() => callback?.(succeeded(undefined)));
    },
  };
  const requirements: Pick<Office.RequirementSetSupport, "isSetSupported"> = {
    isSetSupported(name: string, version?: string) {
      const supported = setup.requirements[name];
      if (supported === undefined) return false;
      const [major = 0, minor = 0] = (version ?? "1.1").split(".").map(Number);
      const [haveMajor = 0, haveMinor = 0] = supported.split(".").map(Number);
      return haveMajor > major || (haveMajor === major && haveMinor >= minor);
    },
  };
  const mailbox: { item: unknown } & Pick<Office.Mailbox, "addHandlerAsync"> = {
    item: makeItem(setup.items[0]!),
    addHandlerAsync(eventType: Office.EventType | string, handler: () => void, ...args: unknown[]) {
      listen(eventType, handler);
      const callback = args.find((arg) => typeof arg === "function") as
        | ((r: Result<void>) => void)
        | undefined;
      later(() => callback?.(succeeded(undefined)));
    },
  };
  const office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    // every value the real enum has: the body refuses those Outlook lacks, as the real one does
    CoercionType: {
      Text: "text",
      Html: "html",
      Matrix: "matrix",
      Table: "table",
      Ooxml: "ooxml",
      SlideRange: "slideRange",
      Image: "image",
      XmlSvg: "xmlSvg",
    } satisfies Record<keyof typeof Office.CoercionType, string>,
    EventType: { ItemChanged: "olkItemSelectedChanged", RecipientsChanged: "olkRecipientsChanged" },
    MailboxEnums: {
      ItemNotificationMessageType: {
        InformationalMessage: "informationalMessage",
        ErrorMessage: "errorMessage",
      },
      ItemType: { Message: "message" },
    },
    context: { mailbox, roamingSettings, requirements },
    actions: {
      associate(name: string, handler: (event: Pick<Office.MailboxEvent, "completed">) => void) {
        control.actions[name] = handler;
      },
    } satisfies Pick<typeof Office.actions, "associate">,
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      const info = { host: "Outlook", platform: "OfficeOnline" };
      return Promise.resolve().then(() => {
        callback?.(info);
        return info;
      });
    },
  };
  const scope = globalThis as unknown as { Office: unknown; __officeStandIn: StandInControl };
  scope.Office = office;
  scope.__officeStandIn = control;
}
