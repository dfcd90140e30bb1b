import { afterEach, describe, expect, it } from "vitest";
import { insertIntoDraft, MAX_INSERT_CHARACTERS } from "../../../outlook-addin/src/taskpane/draft-body";
import { installOfficeStandIn, type StandInControl, type StandInItem } from "../office-stand-in";

const scope = globalThis as unknown as { Office?: unknown; __officeStandIn?: StandInControl };

function draft(bodyType: StandInItem["bodyType"]) {
  installOfficeStandIn({
    items: [{ mode: "compose", subject: "[THD-7] Hinge", bodyType }],
    roaming: {},
    requirements: { Mailbox: "1.15" },
  });
  const control = scope.__officeStandIn!;
  return { item: Office.context.mailbox.item as unknown as Office.MessageCompose, control };
}

const reply = { body: "Hi <Cleo>,\nfixed.", html: "Hi &lt;Cleo&gt;,<br>\nfixed." };

describe("inserting a reply into the draft", () => {
  afterEach(() => {
    delete scope.Office;
    delete scope.__officeStandIn;
  });

  it("inserts the API's escaped HTML into an HTML body, as HTML", async () => {
    const { item, control } = draft("html");
    expect(await insertIntoDraft(item, reply)).toBe("html");
    expect(control.calls).toEqual([
      { call: "body.setSelectedDataAsync", value: { data: reply.html, coercionType: "html" } },
    ]);
    expect(control.item().body).toBe(reply.html);
  });

  it("inserts the text into a plain-text body, as text", async () => {
    const { item, control } = draft("text");
    expect(await insertIntoDraft(item, reply)).toBe("text");
    expect(control.item().body).toBe(reply.body);
    expect(control.calls[0]?.value).toEqual({ data: reply.body, coercionType: "text" });
  });

  it("inserts text where the body's format can't be read, which fits either kind of body", async () => {
    const { item, control } = draft("unsupported");
    expect(await insertIntoDraft(item, reply)).toBe("text");
    expect(control.item().body).toBe(reply.body);
  });

  it("refuses a reply longer than Outlook takes, inserting nothing", async () => {
    const { item, control } = draft("html");
    const long = "x".repeat(MAX_INSERT_CHARACTERS + 1);
    await expect(insertIntoDraft(item, { body: long, html: long })).rejects.toThrow("too long");
    expect(control.item().body).toBeUndefined();
  });
});

describe("the Office stand-in's draft body, like Outlook's", () => {
  afterEach(() => {
    delete scope.Office;
    delete scope.__officeStandIn;
  });

  it("rejects a coercion type Outlook has no body for", () => {
    const { item } = draft("html");
    expect(() => item.body.setSelectedDataAsync("a", { coercionType: Office.CoercionType.Matrix })).toThrow(
      "no coercion type matrix",
    );
  });

  it("fails HTML into a plain-text body with InvalidFormatError", async () => {
    const { item, control } = draft("text");
    const result = await new Promise<Office.AsyncResult<void>>((resolve) =>
      item.body.setSelectedDataAsync("<b>a</b>", { coercionType: Office.CoercionType.Html }, resolve),
    );
    expect(result.status).toBe("failed");
    expect(result.error.name).toBe("InvalidFormatError");
    expect(control.item().body).toBeUndefined();
  });
});
