import { afterEach, describe, expect, it } from "vitest";
import type { ContextThread } from "../../../shared/src/api-types";
import { viewCard } from "../support/card-view";
import { summary } from "../support/scripted-api";
import { entryPoints, NOW, unitWorld } from "../support/unit-world";

// What the message card says beyond the thread's status: tickets, priority and tags, a response
// target about to be missed, notes and suggestions. Quiet when there is nothing to say.

const t = unitWorld();

// the build bakes in where cards may link (the manifest's openLinkUrlPrefixes); unbundled, a global
const linkable = globalThis as { TISKET_LINK_PREFIXES?: string[] };
afterEach(() => {
  delete linkable.TISKET_LINK_PREFIXES;
});

const minutesFromNow = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
const noTargets = { firstResponseDueAt: null, resolutionDueAt: null, breached: false };

function cardFor(thread: Partial<ContextThread>) {
  t.api.on("POST", "/api/v1/context", {
    status: 200,
    body: { thread: { ...summary(NOW), ...thread }, presence: [], candidates: [] },
  });
  const event = t.world.openMessage({
    subject: "Re: [THD-42] Printer on fire",
    from: "Cleo Client <cleo@client.example>",
    date: new Date(NOW.getTime() - 5 * 60_000),
    headers: {},
  });
  return viewCard(entryPoints.onGmailMessageOpen(event));
}

const linkedBy = { email: "bob@acme.example", name: "Bob" };

describe("the message card's team facts", () => {
  it("stays as short as before for a thread with nothing but defaults", () => {
    const card = cardFor({
      priority: "normal",
      tags: [],
      sla: noTargets,
      firstResponseAt: null,
      noteCount: 0,
      draftCount: 0,
      tickets: [],
    });
    expect(card.says).not.toMatch(/Priority|Tags|Tickets|note|suggested|due|overdue/);
    expect(card.texts.slice(0, 4)).toEqual([
      "Client",
      "Cleo Client &lt;cleo@client.example&gt;",
      "Inbox",
      "support (support.acme@tisket.test)",
    ]);
  });

  it("lists the linked tickets, each opening its page where Gmail may open it, else saying where it is", () => {
    linkable.TISKET_LINK_PREFIXES = ["https://tisket.example/", "https://github.com/"];
    const card = cardFor({
      tickets: [
        {
          id: "TKT-7",
          repo: "acme/.tickets",
          url: "https://github.com/acme/.tickets/blob/main/TKT-7.md",
          linkedAt: NOW.toISOString(),
          linkedBy,
        },
        {
          id: "OPS-2",
          repo: "<i>ops</i>",
          url: "https://jira.other.example/OPS-2",
          linkedAt: NOW.toISOString(),
          linkedBy,
        },
        { id: "BUG-1", repo: null, url: null, linkedAt: NOW.toISOString(), linkedBy },
      ],
    });
    expect(card.texts).toEqual(
      expect.arrayContaining([
        "Tickets",
        "TKT-7",
        "acme/.tickets",
        "OPS-2",
        "https://jira.other.example/OPS-2",
        "BUG-1",
      ]),
    );
    expect(card.links).toEqual(["https://github.com/acme/.tickets/blob/main/TKT-7.md"]);
    expect(card.says).not.toContain("<i>");
  });

  it("shows the priority and tags when they are not the default", () => {
    const card = cardFor({ priority: "urgent", tags: ["billing", "vip"] });
    expect(card.texts).toEqual(expect.arrayContaining(["Priority", "Urgent", "Tags", "billing, vip"]));
  });

  it("puts a response target about to be missed first, and an overdue one", () => {
    const soon = cardFor({
      sla: { ...noTargets, firstResponseDueAt: minutesFromNow(20) },
      firstResponseAt: null,
    });
    expect(soon.texts[0]).toBe("<b>First reply due in 20 min</b>");
    const late = cardFor({
      sla: { firstResponseDueAt: minutesFromNow(-5), resolutionDueAt: null, breached: true },
      firstResponseAt: null,
    });
    expect(late.texts[0]).toBe("<b>First reply overdue</b>");
    const later = cardFor({
      sla: { ...noTargets, firstResponseDueAt: minutesFromNow(90) },
      firstResponseAt: null,
    });
    expect(later.says).not.toMatch(/due|overdue/);
  });

  it("says how many internal notes and suggested replies there are, and where to use them", () => {
    const card = cardFor({ noteCount: 2, draftCount: 1 });
    expect(card.texts).toContain(
      "2 internal notes in Tisket<br>1 suggested reply: reply to this email, then open Tisket Threads in the draft to insert it.",
    );
    const one = cardFor({ noteCount: 1, draftCount: 3 });
    expect(one.texts).toContain(
      "1 internal note in Tisket<br>3 suggested replies: reply to this email, then open Tisket Threads in the draft to insert one.",
    );
  });
});
