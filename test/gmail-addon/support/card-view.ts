import { isRecorded, type Recorded, recordOf } from "./fake-card-service";

/** A button as the user sees it: its words, and what clicking it does. */
export type ButtonView = {
  text: string;
  action: { name: string; parameters: Record<string, string> } | null;
  link: string | null;
  filled: boolean;
};

export type InputView = {
  kind: "TextInput" | "SelectionInput";
  field: string;
  title: string;
  value: string | null;
  items: { text: string; value: string; selected: boolean }[];
};

/** A built card read back: its header, every text shown (as the card's HTML), buttons and fields. */
export type CardView = {
  title: string;
  subtitle: string;
  texts: string[];
  buttons: ButtonView[];
  inputs: InputView[];
  /** What rows (not buttons) open when clicked. */
  links: string[];
  /** Every text and button label in one string, for "the card says …" assertions. */
  says: string;
};

const TEXT_METHODS = new Set([
  "setTopLabel",
  "setText",
  "setBottomLabel",
  "setHeader",
  "setTitle",
  "setHint",
]);

const first = (node: Recorded, method: string): unknown =>
  node.calls.find((call) => call.method === method)?.args[0];
const firstString = (node: Recorded, method: string) => {
  const value = first(node, method);
  return typeof value === "string" ? value : null;
};
const firstRecord = (node: Recorded, method: string) => {
  const value = first(node, method);
  return isRecorded(value) ? value : null;
};

function children(node: Recorded): Recorded[] {
  return node.calls
    .flatMap((call) => call.args.flatMap((arg) => (Array.isArray(arg) ? arg : [arg])))
    .filter(isRecorded);
}

function buttonView(node: Recorded): ButtonView {
  const action = firstRecord(node, "setOnClickAction");
  const link = firstRecord(node, "setOpenLink");
  return {
    text: firstString(node, "setText") ?? "",
    action: action
      ? {
          name: firstString(action, "setFunctionName") ?? "",
          parameters: (first(action, "setParameters") as Record<string, string> | undefined) ?? {},
        }
      : null,
    link: link ? firstString(link, "setUrl") : null,
    filled: first(node, "setTextButtonStyle") === "FILLED",
  };
}

function inputView(node: Recorded): InputView {
  const items = node.calls
    .filter((call) => call.method === "addItem")
    .map(({ args: [text, value, selected] }) => ({
      text: String(text),
      value: String(value),
      selected: Boolean(selected),
    }));
  return {
    kind: node.kind as InputView["kind"],
    field: firstString(node, "setFieldName") ?? "",
    title: firstString(node, "setTitle") ?? "",
    value: firstString(node, "setValue"),
    items,
  };
}

export function viewCard(card: unknown): CardView {
  const root = recordOf(card) ?? (isRecorded(card) ? card : null);
  if (root?.kind !== "Card") throw new Error(`not a built card: ${JSON.stringify(card)}`);
  const header = firstRecord(root, "setHeader");
  const view: CardView = {
    title: header ? (firstString(header, "setTitle") ?? "") : "",
    subtitle: header ? (firstString(header, "setSubtitle") ?? "") : "",
    texts: [],
    buttons: [],
    inputs: [],
    links: [],
    says: "",
  };
  const visit = (node: Recorded) => {
    if (node.kind === "TextButton") {
      view.buttons.push(buttonView(node));
      return;
    }
    if (node.kind === "TextInput" || node.kind === "SelectionInput") view.inputs.push(inputView(node));
    if (node.kind === "OpenLink") view.links.push(firstString(node, "setUrl") ?? "");
    if (node.kind !== "CardHeader" && node.kind !== "TextInput") {
      for (const call of node.calls) {
        if (TEXT_METHODS.has(call.method) && typeof call.args[0] === "string") view.texts.push(call.args[0]);
      }
    }
    for (const child of children(node)) visit(child);
  };
  for (const child of children(root)) if (child !== header) visit(child);
  view.says = [view.title, view.subtitle, ...view.texts, ...view.buttons.map((b) => b.text)].join("\n");
  return view;
}

export function findButton(card: CardView, text: string): ButtonView {
  const found = card.buttons.find((button) => button.text === text);
  if (!found)
    throw new Error(`no button "${text}" on the card; it has: ${card.buttons.map((b) => b.text).join(", ")}`);
  return found;
}

/** What an action's response does: the card it puts in place, the notice it shows. */
export type ResponseView = {
  updateCard: CardView | null;
  pushCard: CardView | null;
  notice: string | null;
  stateChanged: boolean;
  draft: {
    subject: string | null;
    cc: string[] | null;
    /** What goes into the body, when the response inserts something there. */
    body?: { content: string; contentType: string; updateType: string | null }[] | undefined;
  } | null;
};

export function viewResponse(response: unknown): ResponseView {
  const root = recordOf(response);
  if (!root) throw new Error(`not a built response: ${JSON.stringify(response)}`);
  if (root.kind === "UpdateDraftActionResponse") {
    const subject = firstRecord(root, "setUpdateDraftSubjectAction");
    const cc = firstRecord(root, "setUpdateDraftCcRecipientsAction");
    const body = firstRecord(root, "setUpdateDraftBodyAction");
    return {
      updateCard: null,
      pushCard: null,
      notice: null,
      stateChanged: false,
      draft: {
        subject: subject ? firstString(subject, "addUpdateSubject") : null,
        cc: cc ? (first(cc, "addUpdateCcRecipients") as string[]) : null,
        body: body ? bodyInserts(body) : undefined,
      },
    };
  }
  if (root.kind !== "ActionResponse") throw new Error(`not an action response: ${root.kind}`);
  const navigation = firstRecord(root, "setNavigation");
  const notification = firstRecord(root, "setNotification");
  const updated = navigation ? firstRecord(navigation, "updateCard") : null;
  const pushed = navigation ? firstRecord(navigation, "pushCard") : null;
  return {
    updateCard: updated ? viewCard(updated) : null,
    pushCard: pushed ? viewCard(pushed) : null,
    notice: notification ? firstString(notification, "setText") : null,
    stateChanged: first(root, "setStateChanged") === true,
    draft: null,
  };
}

function bodyInserts(action: Recorded) {
  const updateType = first(action, "setUpdateType");
  return action.calls
    .filter((call) => call.method === "addUpdateContent")
    .map(({ args: [content, contentType] }) => ({
      content: String(content),
      contentType: String(contentType),
      updateType: typeof updateType === "string" ? updateType : null,
    }));
}

/** The cards a universal action shows. */
export function viewUniversal(response: unknown): CardView[] {
  const root = recordOf(response);
  if (root?.kind !== "UniversalActionResponse") throw new Error("not a universal action response");
  const cards = first(root, "displayAddOnCards");
  return Array.isArray(cards) ? cards.map(viewCard) : [];
}
