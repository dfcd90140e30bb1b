import { describe, expect, it } from "vitest";
import type { Presence } from "../../../outlook-addin/src/common/api-types";
import { headerValue } from "../../../outlook-addin/src/common/mail-headers";
import { describePresence, summarizePresence } from "../../../outlook-addin/src/common/presence-text";

const presence = (
  name: string,
  activity: Presence["activity"],
  client: Presence["client"] = "outlook",
): Presence => ({
  member: { email: `${name.split(" ")[0]!.toLowerCase()}@acme.example`, name },
  activity,
  client,
  since: "2026-01-01T00:00:00Z",
  expiresAt: "2026-01-01T00:00:30Z",
});

describe("who else is here, in words", () => {
  it("says what each member is doing", () => {
    expect(describePresence(presence("Bob Builder", "composing"))).toBe("Bob Builder is composing a reply");
    expect(describePresence(presence("Ada Agent", "viewing"))).toBe("Ada Agent is viewing this thread");
    expect(
      describePresence({
        ...presence("x", "viewing"),
        member: { email: "nameless@acme.example", name: " " },
      }),
    ).toBe("nameless@acme.example is viewing this thread");
  });

  it("shows a member once, composing before viewing, across clients", () => {
    const people = summarizePresence([
      presence("Bob Builder", "viewing", "web"),
      presence("Bob Builder", "composing", "outlook"),
      presence("Ada Agent", "viewing"),
    ]);
    expect(people.map(describePresence)).toEqual([
      "Ada Agent is viewing this thread",
      "Bob Builder is composing a reply",
    ]);
  });
});

describe("reading a header of the open message", () => {
  it("finds it by any case and unfolds continued lines", () => {
    const headers =
      "Subject: Hi\r\nreferences: <a@x.example>\r\n <b@x.example>\r\nIn-Reply-To: <b@x.example>\r\n";
    expect(headerValue(headers, "References")).toBe("<a@x.example> <b@x.example>");
    expect(headerValue(headers, "in-reply-to")).toBe("<b@x.example>");
    expect(headerValue(headers, "Message-ID")).toBeNull();
  });
});
