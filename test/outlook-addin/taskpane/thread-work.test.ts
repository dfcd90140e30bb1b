import { describe, expect, it } from "vitest";
import type { ContextThread, ThreadSummary } from "../../../outlook-addin/src/common/api-types";
import {
  preview,
  priorityLabel,
  responseTargetState,
  span,
  ticketHref,
  workCounts,
} from "../../../outlook-addin/src/taskpane/thread-work";

const NOW = new Date("2026-03-02T12:00:00.000Z");
const at = (minutesFromNow: number) => new Date(NOW.getTime() + minutesFromNow * 60_000).toISOString();

const thread = (extra: Partial<ContextThread> = {}): ContextThread => ({
  ref: "THD-7",
  status: "open",
  subject: "Hinge",
  inbox: { name: "support", address: "support.acme@tisket.test" },
  client: { email: "cleo@client.example", name: "Cleo" },
  assignee: null,
  messageCount: 1,
  lastMessageAt: at(-5),
  lastMessage: null,
  ...extra,
});
const sla = (first: number | null, resolution: number | null, breached = false): ThreadSummary["sla"] => ({
  firstResponseDueAt: first === null ? null : at(first),
  resolutionDueAt: resolution === null ? null : at(resolution),
  breached,
});

describe("the response target in words", () => {
  it("says an overdue first reply, and one falling due within the hour", () => {
    expect(responseTargetState(thread({ sla: sla(-25, 600, true) }), NOW)).toEqual({
      tone: "breached",
      text: "First reply overdue by 25 min",
    });
    expect(responseTargetState(thread({ sla: sla(20, 600) }), NOW)).toEqual({
      tone: "due",
      text: "First reply due in 20 min",
    });
  });

  it("stays quiet while every target is more than an hour off, or the API gave none", () => {
    expect(responseTargetState(thread({ sla: sla(61, 600) }), NOW)).toBeNull();
    expect(responseTargetState(thread({ sla: sla(null, null) }), NOW)).toBeNull();
    expect(responseTargetState(thread(), NOW)).toBeNull();
  });

  it("counts the first reply only until staff answered, then the resolution", () => {
    const answered = thread({ sla: sla(-300, -180, true), firstResponseAt: at(-400) });
    expect(responseTargetState(answered, NOW)?.text).toBe("Resolution overdue by 3 h");
    const soon = thread({ sla: sla(-300, 45), firstResponseAt: at(-400) });
    expect(responseTargetState(soon, NOW)?.text).toBe("Resolution due in 45 min");
  });

  it("says nothing of targets on a resolved or closed thread", () => {
    for (const status of ["resolved", "closed"] as const) {
      expect(responseTargetState(thread({ status, sla: sla(-25, -5, false) }), NOW)).toBeNull();
    }
  });

  it("rounds spans as a person says them", () => {
    expect(span(10_000)).toBe("1 min");
    expect(span(-89 * 60_000)).toBe("89 min");
    expect(span(5 * 3_600_000)).toBe("5 h");
    expect(span(3 * 86_400_000)).toBe("3 days");
  });
});

describe("the thread's work in words", () => {
  it("names priority only when it is not normal", () => {
    expect(priorityLabel(thread({ priority: "urgent" }))).toBe("Urgent");
    expect(priorityLabel(thread({ priority: "normal" }))).toBeNull();
    expect(priorityLabel(thread())).toBeNull();
  });

  it("counts notes and suggested replies in the singular and plural, and nothing when there are none", () => {
    expect(workCounts(thread({ noteCount: 1, draftCount: 2 }))).toBe("1 internal note · 2 suggested replies");
    expect(workCounts(thread({ noteCount: 3, draftCount: 0 }))).toBe("3 internal notes");
    expect(workCounts(thread({ draftCount: 1 }))).toBe("1 suggested reply");
    expect(workCounts(thread({ noteCount: 0, draftCount: 0 }))).toBeNull();
  });

  it("previews a suggested reply by its first lines, marking what was left out", () => {
    expect(preview("Dear Cleo,\n\nthe hinge ships today.")).toBe("Dear Cleo,\nthe hinge ships today.");
    expect(preview("one\ntwo\nthree\nfour")).toBe("one\ntwo\nthree\n…");
    expect(preview("x".repeat(300))).toBe(`${"x".repeat(240)}…`);
  });

  it("links a ticket only to a web address", () => {
    expect(ticketHref("https://git.example/t/7")).toBe("https://git.example/t/7");
    expect(ticketHref("http://git.example/t/7")).toBe("http://git.example/t/7");
    expect(ticketHref("javascript:alert(1)")).toBeNull();
    expect(ticketHref("data:text/html,hi")).toBeNull();
    expect(ticketHref("not a url")).toBeNull();
    expect(ticketHref(null)).toBeNull();
  });
});
