import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../api/src/inbound/limits";
import { type InboundEmail, parsePostmarkPayload } from "../../../api/src/inbound/payload";
import { inboundPayload, loadFixture } from "../../helpers/postmark-payloads";

type Json = Record<string, unknown>;

function parsed(json: unknown): InboundEmail {
  const result = parsePostmarkPayload(json);
  if (!result.ok) throw new Error(`expected a payload, got the problem: ${result.problem}`);
  return result.email;
}

function problemOf(json: unknown): string {
  const result = parsePostmarkPayload(json);
  if (result.ok) throw new Error("expected a problem, the payload was taken");
  return result.problem;
}

const changed = (change: Json, base: Json = inboundPayload()) => ({ ...base, ...change });

describe("parsePostmarkPayload", () => {
  it("reads a real delivery: sender, recipients, date and what filing reads of its headers", () => {
    const email = parsed(loadFixture("outlook-reply-mtasv.json"));
    expect(email.from).toEqual({ email: "kenneth.atchon@hotmail.com", name: "Kenneth Atchon" });
    expect(email.to).toEqual([
      { email: "support.acme@tisket.test", name: "AI Receptionist", mailboxHash: "" },
    ]);
    expect(email.subject).toBe("Re: Inquiry on health");
    expect(email.date?.toISOString()).toBe("2025-10-30T04:07:44.000Z");
    expect(email.messageId).toMatch(/^<SEZPR04MB6729BF63F6FFABCCEDEEA88589FBA@/);
    expect(email.inReplyTo).toBe("<249f3e6e-251c-48c0-948b-130b94baf4da@mtasv.net>");
    expect(email.text).toMatch(/^Hi Emma!/);
  });

  it.each([
    [{ MessageID: undefined }, "MessageID is missing: this is not a Postmark inbound payload"],
    [{ MessageID: 42 }, "MessageID: expected a string, got a number"],
    [{ MessageID: "" }, "MessageID is empty: this is not a Postmark inbound payload"],
    [{ FromFull: "cleo@client.example" }, "FromFull: expected an object, got a string"],
    [{ ToFull: ["support.acme@tisket.test"] }, "ToFull.0: expected an object, got a string"],
    [{ CcFull: [{ Email: "a@b.example" }, null] }, "CcFull.1: expected an object, got null"],
    [{ Headers: [[]] }, "Headers.0: expected an object, got an array"],
    [{ Attachments: [7] }, "Attachments.0: expected an object, got a number"],
    [
      { ToFull: [], CcFull: [], BccFull: [], OriginalRecipient: "" },
      "no recipient: ToFull, CcFull, BccFull and OriginalRecipient are all empty",
    ],
  ])("rejects %j, naming the field", (change, problem) => {
    expect(problemOf(changed(change))).toBe(problem);
  });

  it("names the first problem of a payload with several, always the same one", () => {
    const payload = changed({ MessageID: 1, FromFull: 2, ToFull: [3] });
    expect(problemOf(payload)).toBe("MessageID: expected a string, got a number");
    expect(problemOf(changed({ FromFull: 2, ToFull: [3] }))).toMatch(/^FromFull: /);
  });

  it.each([null, [], 3, "payload"])("rejects a body that is JSON but not an object: %j", (json) => {
    expect(problemOf(json)).toBe("the body is JSON but not an object: not a Postmark inbound payload");
  });

  it("takes an empty list sent as {} or null, as PHP relays send them, and reads From when FromFull is null", () => {
    const email = parsed(
      changed({ CcFull: {}, BccFull: null, Headers: null, FromFull: null, From: " Cleo@CLIENT.example " }),
    );
    expect(email.cc).toEqual([]);
    expect(email.bcc).toEqual([]);
    expect(email.from.email).toBe("cleo@client.example");
    expect(email.messageId).toBeNull();
  });

  it("takes a payload whose only recipient is OriginalRecipient", () => {
    const email = parsed(changed({ ToFull: [], OriginalRecipient: "Support.Acme@Tisket.test" }));
    expect(email.originalRecipient).toBe("support.acme@tisket.test");
  });

  it("makes every string storable and cuts it to its limit; a field of another type reads as empty", () => {
    const email = parsed(
      changed({
        Subject: `a\u0000b\ud800${"x".repeat(2 * LIMITS.subject)}`,
        TextBody: 7,
        HtmlBody: { p: 1 },
      }),
    );
    expect(email.subject.startsWith("ab\ufffd")).toBe(true);
    expect(email.subject).toHaveLength(LIMITS.subject);
    expect(email.html).toBe("");
    expect(email.text).toBe("");
  });

  it("reads StrippedTextReply when TextBody is empty", () => {
    expect(parsed(changed({ TextBody: "", StrippedTextReply: "Thanks!" })).text).toBe("Thanks!");
  });

  it("decodes an attachment and normalizes its content id, type, name and disposition", () => {
    const attachments = [
      {
        Name: "",
        Content: Buffer.from("hello").toString("base64"),
        ContentID: "cid:<logo@x>",
        Disposition: "INLINE",
      },
    ];
    const [file] = parsed(changed({ Attachments: attachments })).attachments;
    expect(file).toEqual({
      filename: "attachment",
      content: Buffer.from("hello"),
      contentType: "application/octet-stream",
      contentId: "logo@x",
      disposition: "inline",
    });
  });

  it("ignores a date it cannot make sense of", () => {
    expect(parsed(changed({ Date: "(sometime) soon" })).date).toBeNull();
    expect(parsed(changed({ Date: "Tue, 1 Jan 1850 00:00:00 +0000" })).date).toBeNull();
  });
});
