import { asService, fakeEnum } from "./fake-cast";

type Card_Service = GoogleAppsScript.Card_Service.CardService;

/** What a fake builder was told, in order; nested builders appear as their own records. */
export type Recorded = { kind: string; calls: { method: string; args: unknown[] }[] };

const RECORD = Symbol("recorded");

export function recordOf(value: unknown): Recorded | null {
  return typeof value === "object" && value !== null && RECORD in value
    ? ((value as { [RECORD]: Recorded })[RECORD] ?? null)
    : null;
}

const unwrap = (value: unknown): unknown =>
  recordOf(value) ?? (Array.isArray(value) ? value.map(unwrap) : value);

/**
 * A builder that records each call of the listed methods and returns itself, as CardService's
 * builders do; `build()` answers the record (validated first for cards). Listing a method the
 * real interface lacks fails to type-check; calling one not listed throws, as on a typo.
 */
function builder<T>(
  kind: string,
  methods: readonly (keyof T & string)[],
  validate?: (r: Recorded) => void,
): T {
  const record: Recorded = { kind, calls: [] };
  const fake: Record<string | symbol, unknown> = { [RECORD]: record };
  for (const method of methods) {
    fake[method] = (...args: unknown[]) => {
      if (method === "build") {
        validate?.(record);
        return { [RECORD]: record, printJson: () => JSON.stringify(record) };
      }
      record.calls.push({ method, args: args.map(unwrap) });
      return fake;
    };
  }
  return asService<T>(fake as { [K in keyof T]?: unknown });
}

const MAX_WIDGETS = 100;

/** What the real CardService refuses when a card is built, refused here too. */
function validateCard(card: Recorded): void {
  const problems: string[] = [];
  let widgets = 0;
  const visit = (node: Recorded) => {
    const has = (method: string) => node.calls.some((call) => call.method === method);
    if (node.kind === "CardSection") widgets += node.calls.filter((c) => c.method === "addWidget").length;
    if (node.kind === "CardHeader" && !has("setTitle")) problems.push("a card header needs a title");
    if (node.kind === "DecoratedText" && !has("setText")) problems.push("a DecoratedText needs text");
    if (node.kind === "TextButton" && !has("setText")) problems.push("a TextButton needs text");
    if (node.kind === "TextButton" && !["setOnClickAction", "setOpenLink", "setComposeAction"].some(has)) {
      problems.push("a TextButton needs an action or a link");
    }
    if ((node.kind === "TextInput" || node.kind === "SelectionInput") && !has("setFieldName")) {
      problems.push(`a ${node.kind} needs a field name`);
    }
    if (node.kind === "Action" && !has("setFunctionName")) problems.push("an Action needs a function name");
    for (const call of node.calls) for (const arg of call.args) if (isRecorded(arg)) visit(arg);
  };
  visit(card);
  if (widgets > MAX_WIDGETS) problems.push(`a card holds at most ${MAX_WIDGETS} widgets, not ${widgets}`);
  if (problems.length > 0) throw new Error(`Invalid card: ${problems.join("; ")}`);
}

export const isRecorded = (value: unknown): value is Recorded =>
  typeof value === "object" && value !== null && "kind" in value && "calls" in value;

/** Gmail passes parameters as strings only; anything else fails on the real service. */
function action(): GoogleAppsScript.Card_Service.Action {
  const fake = builder<GoogleAppsScript.Card_Service.Action>("Action", [
    "setFunctionName",
    "setParameters",
    "setLoadIndicator",
  ]);
  const setParameters = fake.setParameters.bind(fake);
  fake.setParameters = (parameters) => {
    for (const [key, value] of Object.entries(parameters)) {
      if (typeof value !== "string") throw new Error(`Invalid argument: parameters.${key} is not a string`);
    }
    return setParameters(parameters);
  };
  return fake;
}

/** An argument that must be one of an enum's values: the real service refuses anything else. */
function oneOf<E extends object>(enumeration: E, value: unknown, what: string): void {
  if (!Object.values(enumeration).includes(value))
    throw new Error(`Invalid argument: ${what} ${String(value)}`);
}

const CONTENT_TYPES = fakeEnum<Card_Service["ContentType"]>(["TEXT", "MUTABLE_HTML", "IMMUTABLE_HTML"]);
const BODY_UPDATE_TYPES = fakeEnum<Card_Service["UpdateDraftBodyType"]>(["IN_PLACE_INSERT"]);

/** Inserting into a draft takes text and one of the content types; the update type is optional. */
function updateDraftBodyAction(): GoogleAppsScript.Card_Service.UpdateDraftBodyAction {
  const fake = builder<GoogleAppsScript.Card_Service.UpdateDraftBodyAction>("UpdateDraftBodyAction", [
    "addUpdateContent",
    "setUpdateType",
  ]);
  const addUpdateContent = fake.addUpdateContent.bind(fake);
  fake.addUpdateContent = (content, contentType) => {
    if (typeof content !== "string") throw new Error("Invalid argument: content is not a string");
    oneOf(CONTENT_TYPES, contentType, "contentType");
    return addUpdateContent(content, contentType);
  };
  const setUpdateType = fake.setUpdateType.bind(fake);
  fake.setUpdateType = (updateType) => {
    oneOf(BODY_UPDATE_TYPES, updateType, "updateType");
    return setUpdateType(updateType);
  };
  return fake;
}

/** A draft update that changes nothing is refused when built. */
function validateDraftUpdate(update: Recorded): void {
  if (update.calls.length === 0) throw new Error("Invalid UpdateDraftActionResponse: it updates nothing");
}

const BUTTON_METHODS = [
  "setText",
  "setOnClickAction",
  "setOpenLink",
  "setTextButtonStyle",
  "setDisabled",
] as const;

/** CardService with the builders the add-on uses; every other method throws "not a function". */
export function fakeCardService(): Card_Service {
  const service = {
    LoadIndicator: fakeEnum<Card_Service["LoadIndicator"]>(["SPINNER", "NONE"]),
    TextButtonStyle: fakeEnum<Card_Service["TextButtonStyle"]>([
      "OUTLINED",
      "FILLED",
      "FILLED_TONAL",
      "BORDERLESS",
    ]),
    ContentType: CONTENT_TYPES,
    UpdateDraftBodyType: BODY_UPDATE_TYPES,
    SelectionInputType: fakeEnum<Card_Service["SelectionInputType"]>([
      "CHECK_BOX",
      "RADIO_BUTTON",
      "DROPDOWN",
      "SWITCH",
    ]),
    newCardBuilder: () =>
      builder<GoogleAppsScript.Card_Service.CardBuilder>(
        "Card",
        ["setHeader", "addSection", "setFixedFooter", "setName", "addCardAction", "build"],
        validateCard,
      ),
    newCardHeader: () =>
      builder<GoogleAppsScript.Card_Service.CardHeader>("CardHeader", [
        "setTitle",
        "setSubtitle",
        "setImageUrl",
      ]),
    newCardSection: () =>
      builder<GoogleAppsScript.Card_Service.CardSection>("CardSection", [
        "setHeader",
        "addWidget",
        "setCollapsible",
      ]),
    newDecoratedText: () =>
      builder<GoogleAppsScript.Card_Service.DecoratedText>("DecoratedText", [
        "setText",
        "setTopLabel",
        "setBottomLabel",
        "setWrapText",
        "setButton",
        "setOnClickAction",
        "setOpenLink",
      ]),
    newTextParagraph: () =>
      builder<GoogleAppsScript.Card_Service.TextParagraph>("TextParagraph", ["setText"]),
    newTextButton: () => builder<GoogleAppsScript.Card_Service.TextButton>("TextButton", BUTTON_METHODS),
    newButtonSet: () => builder<GoogleAppsScript.Card_Service.ButtonSet>("ButtonSet", ["addButton"]),
    newTextInput: () =>
      builder<GoogleAppsScript.Card_Service.TextInput>("TextInput", [
        "setFieldName",
        "setTitle",
        "setHint",
        "setValue",
        "setMultiline",
      ]),
    newSelectionInput: () =>
      builder<GoogleAppsScript.Card_Service.SelectionInput>("SelectionInput", [
        "setType",
        "setTitle",
        "setFieldName",
        "addItem",
      ]),
    newFixedFooter: () =>
      builder<GoogleAppsScript.Card_Service.FixedFooter>("FixedFooter", [
        "setPrimaryButton",
        "setSecondaryButton",
      ]),
    newOpenLink: () =>
      builder<GoogleAppsScript.Card_Service.OpenLink>("OpenLink", ["setUrl", "setOpenAs", "setOnClose"]),
    newAction: action,
    newNavigation: () =>
      builder<GoogleAppsScript.Card_Service.Navigation>("Navigation", [
        "updateCard",
        "pushCard",
        "popCard",
        "popToRoot",
      ]),
    newNotification: () => builder<GoogleAppsScript.Card_Service.Notification>("Notification", ["setText"]),
    newActionResponseBuilder: () =>
      builder<GoogleAppsScript.Card_Service.ActionResponseBuilder>("ActionResponse", [
        "setNavigation",
        "setNotification",
        "setOpenLink",
        "setStateChanged",
        "build",
      ]),
    newUniversalActionResponseBuilder: () =>
      builder<GoogleAppsScript.Card_Service.UniversalActionResponseBuilder>("UniversalActionResponse", [
        "displayAddOnCards",
        "setOpenLink",
        "build",
      ]),
    newUpdateDraftActionResponseBuilder: () =>
      builder<GoogleAppsScript.Card_Service.UpdateDraftActionResponseBuilder>(
        "UpdateDraftActionResponse",
        [
          "setUpdateDraftSubjectAction",
          "setUpdateDraftCcRecipientsAction",
          "setUpdateDraftToRecipientsAction",
          "setUpdateDraftBodyAction",
          "build",
        ],
        validateDraftUpdate,
      ),
    newUpdateDraftBodyAction: updateDraftBodyAction,
    newUpdateDraftSubjectAction: () =>
      builder<GoogleAppsScript.Card_Service.UpdateDraftSubjectAction>("UpdateDraftSubjectAction", [
        "addUpdateSubject",
      ]),
    newUpdateDraftCcRecipientsAction: () =>
      builder<GoogleAppsScript.Card_Service.UpdateDraftCcRecipientsAction>("UpdateDraftCcRecipientsAction", [
        "addUpdateCcRecipients",
      ]),
  } satisfies { [K in keyof Card_Service]?: unknown };
  return asService<Card_Service>(service);
}
