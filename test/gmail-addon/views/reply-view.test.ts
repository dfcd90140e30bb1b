import { describe, expect, it } from "vitest";
import type { ContextThread, Draft, SavedReplyName } from "../../../shared/src/api-types";
import { composeEvent } from "../support/apps-script";
import { type CardView, findButton, viewCard, viewResponse } from "../support/card-view";
import { click } from "../support/click";
import type { SentRequest } from "../support/fake-url-fetch";
import { API, summary } from "../support/scripted-api";
import { entryPoints, NOW, unitWorld } from "../support/unit-world";

const t = unitWorld();

const inboxes = [
  { name: "support", address: "support.acme@tisket.test", customAddress: null, addressed: false },
];
const savedReplies: SavedReplyName[] = [
  { id: "11111111-1111-4111-8111-111111111111", name: "Refund issued" },
  { id: "22222222-2222-4222-8222-222222222222", name: "<b>Welcome</b>" },
];
const refund: ContextThread = {
  ...summary(NOW, { ref: "THD-7", subject: "Refund for order 1234" }),
  draftCount: 2,
  noteCount: 1,
};
const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();
const drafts: Draft[] = [
  {
    id: "d2",
    body: "Hi Cleo,\n\n<script>alert(1)</script> your refund\nis on its way.\nLine four\nLine five",
    author: { email: "claude@acme.example", name: "Claude Agent" },
    createdAt: minutesAgo(5),
  },
  {
    id: "d1",
    body: "Dear Cleo, sorry about that.",
    author: { email: "bob@acme.example", name: "" },
    createdAt: minutesAgo(120),
  },
];

/** The API's context answer: the focused thread (with its drafts) when the subject names it, else candidates. */
function answerContext(options: { replies?: SavedReplyName[]; drafts?: Draft[]; known?: boolean } = {}) {
  t.api.on("POST", "/api/v1/context", (request) => {
    const subject = (request.body as { subject?: string }).subject ?? "";
    const found = options.known !== false && subject.includes("[THD-7]");
    return {
      status: 200,
      body: {
        thread: found ? { ...refund, drafts: options.drafts ?? drafts } : null,
        presence: [],
        candidates: [refund],
        inboxes,
        savedReplies: options.replies ?? savedReplies,
      },
    };
  });
}

const draft = { to: ["Cleo Client <cleo@client.example>"] };
const contextBodies = () =>
  t.world.sent.filter((r: SentRequest) => r.url.endsWith("/api/v1/context")).map((r) => r.body);

function repliesCard(form: Record<string, string> = {}): CardView {
  const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
  const response = viewResponse(click(entryPoints, findButton(card, "Replies for THD-7"), { form }));
  if (!response.updateCard) throw new Error(`no card: ${JSON.stringify(response)}`);
  return response.updateCard;
}

describe("a draft's thread on the compose card", () => {
  it("offers each candidate's replies, saying how many were suggested", () => {
    answerContext();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    expect(card.texts).toContain("cleo@client.example · 5 min ago · 2 suggested replies");
    expect(card.buttons.map((b) => b.text)).toEqual([
      "Use THD-7",
      "Replies for THD-7",
      "Refresh",
      "Start a new thread",
    ]);
  });

  it("offers no replies where there are neither saved replies nor suggestions", () => {
    answerContext({ replies: [] });
    t.api.on("POST", "/api/v1/context", {
      status: 200,
      body: {
        thread: null,
        presence: [],
        candidates: [{ ...refund, draftCount: 0 }],
        inboxes,
        savedReplies: [],
      },
    });
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    expect(card.buttons.map((b) => b.text)).not.toContain("Replies for THD-7");
    expect(card.says).not.toContain("suggested");
  });

  it("opens the thread's replies with one context call naming it, the typed subject kept", () => {
    answerContext();
    const card = repliesCard({ subject: "Your refund" });
    expect(contextBodies()).toEqual([
      { client: "gmail", activity: "composing", to: draft.to, cc: [], ttlSeconds: 600 },
      {
        client: "gmail",
        activity: "composing",
        subject: "[THD-7] Your refund",
        to: draft.to,
        cc: [],
        ttlSeconds: 600,
      },
    ]);
    expect(card.title).toBe("Reply in THD-7");
    expect(card.subtitle).toBe("Refund for order 1234");
    expect(card.inputs[0]).toMatchObject({ field: "subject", value: "Your refund" });
    expect(card.buttons.map((b) => b.text)).toEqual([
      "Use THD-7",
      "Refresh",
      "Other threads",
      "Insert",
      "Insert",
      "Insert suggested reply",
      "Discard",
      "Insert suggested reply",
      "Discard",
    ]);
    // names and suggestions are what people and agents typed: shown as text, never as markup
    expect(card.texts).toContain("&lt;b&gt;Welcome&lt;/b&gt;");
    expect(card.texts).toContain("Claude Agent · 5 min ago");
    expect(card.texts).toContain(
      "Hi Cleo,<br>&lt;script&gt;alert(1)&lt;/script&gt; your refund<br>is on its way. …",
    );
    expect(card.texts).toContain("bob@acme.example · 2 h ago");
    expect(card.says).not.toMatch(/<script|<b>Welcome/);
  });

  it("knows the draft's thread by a tag typed in the subject, without being asked", () => {
    answerContext();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    const refreshed = viewResponse(
      click(entryPoints, findButton(card, "Refresh"), { form: { subject: "Re: [THD-7] Refund" } }),
    ).updateCard;
    expect(contextBodies()[1]).toMatchObject({ subject: "Re: [THD-7] Refund" });
    expect(refreshed?.title).toBe("Reply in THD-7");
    expect(refreshed?.buttons.map((b) => b.text)).not.toContain("Other threads");
  });

  it("goes back to the list with Other threads", () => {
    answerContext();
    const back = viewResponse(click(entryPoints, findButton(repliesCard(), "Other threads"))).updateCard;
    expect(back?.title).toBe("Tag this email");
    expect(contextBodies()[2]).not.toHaveProperty("subject");
  });

  it("says so when the thread asked for is not the organization's", () => {
    answerContext({ known: false });
    const card = repliesCard();
    expect(card.title).toBe("Tag this email");
    expect(card.texts[0]).toBe("THD-7 was not found in your organization.");
  });

  it("inserts a saved reply rendered on the server for the thread, at the cursor, as the API escaped it", () => {
    answerContext();
    const card = repliesCard();
    const html = "Hi Cleo &lt;3,<br>\nyour refund for THD-7 is issued.";
    t.api.on("POST", `/api/v1/saved-replies/${savedReplies[0]!.id}/render`, (request) => ({
      status: 200,
      body: {
        id: savedReplies[0]!.id,
        name: "Refund issued",
        body: "unused here",
        html,
        thread: request.body,
      },
    }));
    const response = viewResponse(click(entryPoints, card.buttons.filter((b) => b.text === "Insert")[0]!));
    expect(t.world.sent.at(-1)).toMatchObject({ method: "post", body: { thread: "THD-7" } });
    expect(response.draft).toEqual({
      subject: null,
      cc: null,
      body: [{ content: html, contentType: "MUTABLE_HTML", updateType: "IN_PLACE_INSERT" }],
    });
  });

  it("says so, inserting nothing, when the saved reply is gone or Tisket cannot be reached", () => {
    answerContext();
    const insert = repliesCard().buttons.filter((b) => b.text === "Insert")[1]!;
    const gone = viewResponse(click(entryPoints, insert));
    expect(gone).toMatchObject({ draft: null, notice: "That saved reply was deleted: Refresh the card." });
    t.api.down();
    const down = viewResponse(click(entryPoints, insert));
    expect(down.draft).toBeNull();
    expect(down.notice).toMatch(/^Tisket cannot be reached/);
  });

  it("inserts a suggested reply as it stands now, and says so when a teammate discarded it", () => {
    answerContext();
    const card = repliesCard();
    t.api.on("GET", "/api/v1/threads/THD-7/drafts/d2", {
      status: 200,
      body: { draft: drafts[0], html: "Hi Cleo,<br>\n&lt;script&gt;" },
    });
    const [newest, older] = card.buttons.filter((b) => b.text === "Insert suggested reply");
    const inserted = viewResponse(click(entryPoints, newest!));
    expect(inserted.draft?.body).toEqual([
      { content: "Hi Cleo,<br>\n&lt;script&gt;", contentType: "MUTABLE_HTML", updateType: "IN_PLACE_INSERT" },
    ]);
    expect(inserted.draft?.subject).toBeNull();
    const gone = viewResponse(click(entryPoints, older!));
    expect(gone).toMatchObject({
      draft: null,
      notice: "That suggested reply was discarded: Refresh the card.",
    });
  });

  it("discards a suggestion for the whole team and shows the others, even one already gone", () => {
    answerContext();
    const card = repliesCard({ subject: "Typed" });
    t.api.on("DELETE", "/api/v1/threads/THD-7/drafts/d2", { status: 204 });
    answerContext({ drafts: [drafts[1]!] });
    const discard = card.buttons.filter((b) => b.text === "Discard")[0]!;
    const after = viewResponse(click(entryPoints, discard, { form: { subject: "Typed" } }));
    expect(t.world.sent.at(-2)).toMatchObject({
      method: "delete",
      url: `${API}/api/v1/threads/THD-7/drafts/d2`,
    });
    expect(after.notice).toBe("Suggested reply discarded.");
    expect(after.stateChanged).toBe(true);
    expect(after.updateCard?.buttons.filter((b) => b.text === "Discard")).toHaveLength(1);
    expect(after.updateCard?.inputs[0]?.value).toBe("Typed");
    t.api.on("DELETE", "/api/v1/threads/THD-7/drafts/d2", {
      status: 404,
      body: { error: { code: "not_found", message: "draft not found" } },
    });
    expect(viewResponse(click(entryPoints, discard)).updateCard?.title).toBe("Reply in THD-7");
  });

  it("offers a long list of saved replies as a menu, inserting the one chosen", () => {
    const many = Array.from({ length: 45 }, (_, n) => ({
      id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      name: `Reply ${n}`,
    }));
    answerContext({ replies: many });
    const card = repliesCard();
    expect(card.inputs[1]).toMatchObject({ field: "savedReply", title: "Saved reply" });
    expect(card.inputs[1]?.items).toHaveLength(45);
    const chosen = many[30]!.id;
    t.api.on("POST", `/api/v1/saved-replies/${chosen}/render`, {
      status: 200,
      body: { id: chosen, name: "Reply 30", body: "x", html: "Reply thirty" },
    });
    const response = viewResponse(
      click(entryPoints, findButton(card, "Insert"), { form: { savedReply: chosen } }),
    );
    expect(response.draft?.body?.[0]?.content).toBe("Reply thirty");
  });

  it("tells the agent where saved replies come from when the team has none", () => {
    answerContext({ replies: [], drafts: [] });
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    t.api.on("POST", "/api/v1/context", {
      status: 200,
      body: {
        thread: { ...refund, draftCount: 0, drafts: [] },
        presence: [],
        candidates: [],
        inboxes,
        savedReplies: [],
      },
    });
    const refreshed = viewResponse(
      click(entryPoints, findButton(card, "Refresh"), { form: { subject: "[THD-7]" } }),
    ).updateCard;
    expect(refreshed?.texts).toContain("Your team has no saved replies yet: an admin adds them in Tisket.");
    expect(refreshed?.says).not.toContain("Suggested replies");
  });
});
