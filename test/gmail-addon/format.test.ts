import { describe, expect, it } from "vitest";
import {
  ago,
  elapsed,
  escapeHtml,
  firstLines,
  hasNewerMessage,
  lastActivityLine,
  personLabel,
  presenceLine,
  priorityLabel,
  responseTargetLine,
} from "../../gmail-addon/src/format";
import type { ThreadSummary } from "../../shared/src/api-types";
import { presence, summary } from "./support/scripted-api";

const now = new Date("2030-03-01T12:00:00Z");
const minutesBefore = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

describe("card wording", () => {
  it("says how long ago in the words a side panel has room for", () => {
    expect(elapsed(minutesBefore(0.5), now)).toBe("just now");
    expect(elapsed(minutesBefore(2), now)).toBe("2 min");
    expect(elapsed(minutesBefore(59), now)).toBe("59 min");
    expect(elapsed(minutesBefore(60 * 5), now)).toBe("5 h");
    expect(elapsed(minutesBefore(60 * 24 * 3), now)).toBe("3 days");
    expect(ago(minutesBefore(7), now)).toBe("7 min ago");
    expect(ago("not a date", now)).toBe("just now");
  });

  it("names who is there and what they do", () => {
    expect(presenceLine(presence(now, "Bob Builder", "composing", 2), now)).toBe(
      "Bob Builder is composing a reply (2 min)",
    );
    const ada = { ...presence(now, "Ada", "viewing", 0), member: { email: "ada@acme.example", name: "" } };
    expect(presenceLine(ada, now)).toBe("ada@acme.example is viewing (just now)");
  });

  it("shows a person by name and address, and hostile text as text", () => {
    expect(personLabel({ email: "cleo@client.example", name: "Cleo Client" })).toBe(
      "Cleo Client <cleo@client.example>",
    );
    expect(personLabel({ email: "cleo@client.example", name: "" })).toBe("cleo@client.example");
    expect(escapeHtml('<img src=x onerror="alert(1)"> & <b>')).toBe(
      '&lt;img src=x onerror="alert(1)"&gt; &amp; &lt;b&gt;',
    );
  });

  it("tells who wrote last: the client, someone else, staff, or our acknowledgement", () => {
    const thread = summary(now);
    expect(lastActivityLine(thread, now)).toBe("The client wrote 5 min ago");
    const staff = { direction: "outbound" as const, from: "bob@acme.example", at: minutesBefore(60) };
    expect(lastActivityLine({ ...thread, lastMessage: staff }, now)).toBe("bob@acme.example replied 1 h ago");
    const ack = { direction: "outbound" as const, from: thread.inbox.address, at: minutesBefore(4) };
    expect(lastActivityLine({ ...thread, lastMessage: ack }, now)).toBe("Acknowledgement sent 4 min ago");
    expect(lastActivityLine({ ...thread, lastMessage: null, lastMessageAt: minutesBefore(3) }, now)).toBe(
      "Started 3 min ago, no messages yet",
    );
  });

  it("warns of a newer message, not of the open one filed a little later nor of our acknowledgement", () => {
    const thread = summary(now, {
      lastMessage: { direction: "inbound", from: "cleo@client.example", at: minutesBefore(1) },
    });
    const openedCopy = { sentAt: minutesBefore(2), from: "Cleo Client <cleo@client.example>" };
    expect(hasNewerMessage(thread, openedCopy)).toBe(false);
    expect(hasNewerMessage(thread, { ...openedCopy, sentAt: minutesBefore(30) })).toBe(true);
    const quickReply = { direction: "outbound" as const, from: "bob@acme.example", at: minutesBefore(1) };
    expect(hasNewerMessage({ ...thread, lastMessage: quickReply }, openedCopy)).toBe(true);
    const ack = { direction: "outbound" as const, from: thread.inbox.address, at: minutesBefore(1) };
    expect(
      hasNewerMessage({ ...thread, lastMessage: ack }, { ...openedCopy, sentAt: minutesBefore(30) }),
    ).toBe(false);
    expect(hasNewerMessage(thread, { ...openedCopy, sentAt: null })).toBe(false);
  });
});

describe("response targets on the card", () => {
  const minutesAfter = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();
  const target = (sla: Partial<NonNullable<ThreadSummary["sla"]>>, values: Partial<ThreadSummary> = {}) =>
    responseTargetLine(
      summary(now, {
        sla: { firstResponseDueAt: null, resolutionDueAt: null, breached: false, ...sla },
        firstResponseAt: null,
        ...values,
      }),
      now,
    );

  it("names the target due within the hour, or past due, and stays quiet otherwise", () => {
    expect(target({ firstResponseDueAt: minutesAfter(19.5) })).toBe("First reply due in 20 min");
    expect(target({ firstResponseDueAt: minutesAfter(0.2) })).toBe("First reply due in 1 min");
    expect(target({ firstResponseDueAt: minutesBefore(3), breached: true })).toBe("First reply overdue");
    expect(target({ firstResponseDueAt: minutesAfter(61) })).toBeNull();
    expect(target({})).toBeNull();
  });

  it("counts the first reply only until staff replied, and nothing once the thread is finished", () => {
    const sla = { firstResponseDueAt: minutesBefore(30), resolutionDueAt: minutesAfter(45) };
    expect(target(sla)).toBe("First reply overdue");
    expect(target(sla, { firstResponseAt: minutesBefore(40) })).toBe("Resolution due in 45 min");
    expect(target({ resolutionDueAt: minutesBefore(1), breached: true })).toBe("Resolution overdue");
    expect(target(sla, { status: "resolved" })).toBeNull();
    expect(target(sla, { status: "closed" })).toBeNull();
    // an API from before response targets
    expect(responseTargetLine(summary(now), now)).toBeNull();
  });

  it("shows a priority other than the default, and the first lines of a reply", () => {
    expect(priorityLabel(summary(now, { priority: "urgent" }))).toBe("Urgent");
    expect(priorityLabel(summary(now, { priority: "normal" }))).toBeNull();
    expect(priorityLabel(summary(now))).toBeNull();
    expect(firstLines("Hi,\n\n  one\ntwo\nthree")).toBe("Hi,\none\ntwo …");
    expect(firstLines("short")).toBe("short");
    expect(firstLines("x".repeat(300))).toBe(`${"x".repeat(240)}…`);
  });
});
