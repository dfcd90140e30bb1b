import { describe, expect, it } from "vitest";
import type { MailContext, ThreadSummary } from "../../../outlook-addin/src/common/api-types";
import { decideSend, MAX_HOLD_MESSAGE, needsLookUp } from "../../../outlook-addin/src/common/send-check";

const summary = (ref: string, inbox = "support", subject = "Printer on fire"): ThreadSummary => ({
  ref,
  status: "open",
  subject,
  inbox: { name: inbox, address: `${inbox}.acme@tisket.test` },
  client: { email: "cleo@client.example", name: "Cleo" },
  assignee: null,
  messageCount: 1,
  lastMessageAt: "2026-01-01T00:00:00.000Z",
  lastMessage: null,
});
const support = {
  name: "support",
  address: "support.acme@tisket.test",
  customAddress: null,
  addressed: true,
};
const context = (candidates: ThreadSummary[], inboxes = [support]): MailContext => ({
  thread: null,
  presence: [],
  candidates,
  ...(inboxes.length ? { inboxes } : {}),
});

describe("the send rule", () => {
  it("looks nothing up for a tagged subject or a draft without recipients", () => {
    expect(needsLookUp("Re: [THD-4] x", 2)).toBe(false);
    expect(needsLookUp("x", 0)).toBe(false);
    expect(needsLookUp("x", 1)).toBe(true);
  });

  it("lets mail to no inbox go, whatever its recipients' threads", () => {
    expect(decideSend("Hello", context([summary("THD-1")], []))).toEqual({ kind: "allow" });
    const notAddressed = { ...support, addressed: false };
    expect(decideSend("Hello", context([summary("THD-1")], [notAddressed]))).toEqual({ kind: "allow" });
  });

  it("tags with the one matching thread, keeping the typed subject, or taking the thread's", () => {
    expect(decideSend("Re: about it", context([summary("THD-12")]))).toEqual({
      kind: "tag",
      subject: "[THD-12] Re: about it",
      ref: "THD-12",
    });
    expect(decideSend("  ", context([summary("THD-12")]))).toMatchObject({
      subject: "[THD-12] Printer on fire",
    });
  });

  it("counts only the threads of the inboxes the mail goes to", () => {
    const decision = decideSend("x", context([summary("THD-1", "billing"), summary("THD-2")]));
    expect(decision).toMatchObject({ kind: "tag", ref: "THD-2" });
  });

  it("holds with none or several matches, in at most 250 characters", () => {
    const none = decideSend("x", context([]));
    const two = decideSend("x", context([summary("THD-1"), summary("THD-2")]));
    expect(none).toMatchObject({ kind: "hold", message: expect.stringContaining("no open thread") });
    expect(two).toMatchObject({ kind: "hold", message: expect.stringContaining("2 open threads") });
    const long = { ...support, address: `${"a".repeat(200)}.acme@tisket.test` };
    const held = decideSend("x", context([], [long]));
    expect(held.kind === "hold" && held.message.length).toBeLessThanOrEqual(MAX_HOLD_MESSAGE);
  });
});
