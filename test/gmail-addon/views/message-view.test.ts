import { describe, expect, it } from "vitest";
import { findButton, viewCard, viewResponse } from "../support/card-view";
import { click } from "../support/click";
import { API, presence, summary } from "../support/scripted-api";
import { entryPoints, GOOGLE_TOKEN, NOW, unitWorld } from "../support/unit-world";

const t = unitWorld();

const minutesBefore = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

function openClientEmail(subject = "Re: [THD-42] Printer on fire") {
  return t.world.openMessage({
    subject,
    from: "Cleo Client <cleo@client.example>",
    date: minutesBefore(5),
    headers: {
      "Message-ID": "<m2@mail.client.example>",
      "In-Reply-To": "<ack-42@mtasv.net>",
      References: "<m1@mail.client.example>\r\n <ack-42@mtasv.net>",
    },
  });
}

function answerContext(
  values: Parameters<typeof summary>[1] = {},
  others = [presence(NOW, "Bob Builder", "composing", 2)],
) {
  t.api.on("POST", "/api/v1/context", {
    status: 200,
    body: { thread: summary(NOW, values), presence: others, candidates: [] },
  });
}

describe("opening a client's email", () => {
  it("shows its thread, who else is in it and what the agent can do, from one context call", () => {
    answerContext();
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail()));
    expect(card.title).toBe("THD-42 · Open");
    expect(card.subtitle).toBe("Printer on fire");
    expect(card.texts).toEqual(
      expect.arrayContaining([
        "Cleo Client &lt;cleo@client.example&gt;",
        "support (support.acme@tisket.test)",
        "Unassigned",
        "The client wrote 5 min ago",
        "Bob Builder is composing a reply (2 min)",
      ]),
    );
    expect(card.buttons.map((b) => b.text)).toEqual([
      "Mark in progress",
      "Resolve",
      "Close",
      "Assign to me",
      "Refresh",
      "Open in Tisket",
    ]);
    expect(findButton(card, "Open in Tisket").link).toBe(`${API}/admin/threads/THD-42`);
    expect(t.world.sent).toEqual([
      {
        url: `${API}/api/v1/context`,
        method: "post",
        headers: { Authorization: `Bearer ${GOOGLE_TOKEN}`, Accept: "application/json" },
        contentType: "application/json",
        body: {
          client: "gmail",
          activity: "viewing",
          subject: "Re: [THD-42] Printer on fire",
          messageId: "<m2@mail.client.example>",
          inReplyTo: "<ack-42@mtasv.net>",
          references: ["<m1@mail.client.example>", "<ack-42@mtasv.net>"],
          from: "Cleo Client <cleo@client.example>",
          ttlSeconds: 300,
        },
        muteHttpExceptions: true,
      },
    ]);
  });

  it("sends a pasted API token as from the Gmail add-on, and the organization chosen", () => {
    answerContext();
    t.world.userProperties.set("TISKET_TOKEN", "tsk_pasted");
    t.world.userProperties.set("TISKET_ORG", "acme");
    entryPoints.onGmailMessageOpen(openClientEmail());
    expect(t.world.sent[0]?.headers).toEqual({
      Authorization: "Bearer tsk_pasted",
      "X-Tisket-Client": "gmail",
      "X-Tisket-Org": "acme",
      Accept: "application/json",
    });
  });

  it("shows what clients and members typed as text, never as markup", () => {
    answerContext(
      {
        subject: "<script>x</script>",
        client: { email: "eve@client.example", name: '<img src=x onerror="1">' },
      },
      [{ ...presence(NOW, "Bob", "viewing", 1), member: { email: "b@acme.example", name: "<b>Bob</b>" } }],
    );
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail()));
    const html = card.texts.join("\n");
    expect(html).not.toMatch(/<img|<b>|<script/);
    expect(html).toContain('&lt;img src=x onerror="1"&gt; &lt;eve@client.example&gt;');
    expect(html).toContain("&lt;b&gt;Bob&lt;/b&gt; is viewing (1 min)");
  });

  it("warns when a newer message landed in the thread than the one open", () => {
    answerContext({
      lastMessage: { direction: "inbound", from: "cleo@client.example", at: NOW.toISOString() },
    });
    const older = t.world.openMessage({
      subject: "[THD-42] x",
      from: "cleo@client.example",
      date: minutesBefore(90),
      headers: {},
    });
    const card = viewCard(entryPoints.onGmailMessageOpen(older));
    expect(card.texts[0]).toBe(
      "<b>A newer message is in this thread.</b> The client wrote just now: read it before you reply.",
    );
    answerContext();
    expect(viewCard(entryPoints.onGmailMessageOpen(openClientEmail())).says).not.toContain("newer message");
  });

  it("says the thread is the agent's own, and leaves out those whose presence expired", () => {
    const gone = { ...presence(NOW, "Carl Gone", "viewing", 10), expiresAt: minutesBefore(1).toISOString() };
    answerContext({ assignee: { email: "ada@acme.example", name: "Ada" } }, [gone]);
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail()));
    expect(card.texts).toContain("You");
    expect(card.says).not.toContain("Carl Gone");
    expect(card.texts).toContain("No one else has it open.");
    expect(card.buttons.map((b) => b.text)).not.toContain("Assign to me");
  });

  it("gives mail of no thread a quiet card", () => {
    t.api.on("POST", "/api/v1/context", {
      status: 200,
      body: { thread: null, presence: [], candidates: [] },
    });
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail("Lunch on Friday?")));
    expect(card.subtitle).toBe("Not a support thread");
    expect(card.texts).toContain("This email is not part of a Tisket thread.");
  });

  it("finds the thread by subject alone when Gmail gives no headers", () => {
    answerContext();
    const bare = t.world.openMessage({
      subject: "[THD-42] hi",
      from: "cleo@client.example",
      date: NOW,
      headers: {},
    });
    viewCard(entryPoints.onGmailMessageOpen(bare));
    expect(t.world.sent[0]?.body).toMatchObject({ subject: "[THD-42] hi", messageId: null, references: [] });
  });
});

describe("the thread card's buttons", () => {
  it("resolve the thread through the API and rebuild the card in place from its answer", () => {
    answerContext();
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail()));
    t.api.on("PATCH", "/api/v1/threads/THD-42", (request) => ({
      status: 200,
      body: {
        thread: { ...summary(NOW), status: request.body && (request.body as { status: string }).status },
      },
    }));
    const response = viewResponse(click(entryPoints, findButton(card, "Resolve")));
    expect(t.world.sent.slice(1)).toEqual([
      expect.objectContaining({
        method: "patch",
        url: `${API}/api/v1/threads/THD-42`,
        body: { status: "resolved" },
      }),
    ]);
    expect(response.notice).toBe("THD-42 is now Resolved");
    expect(response.stateChanged).toBe(true);
    expect(response.updateCard?.title).toBe("THD-42 · Resolved");
    expect(response.updateCard?.buttons.map((b) => b.text)).toEqual(
      expect.arrayContaining(["Reopen", "Close"]),
    );
    expect(response.updateCard?.texts).toContain("Bob Builder is composing a reply (2 min)");
  });

  it("assign the thread to the caller with `me`", () => {
    answerContext();
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail()));
    t.api.on("PATCH", "/api/v1/threads/THD-42", {
      status: 200,
      body: { thread: summary(NOW, { assignee: { email: "ada@acme.example", name: "Ada Admin" } }) },
    });
    const response = viewResponse(click(entryPoints, findButton(card, "Assign to me")));
    expect(t.world.sent[1]?.body).toEqual({ assignee: "me" });
    expect(response.notice).toBe("THD-42 is assigned to Ada Admin");
    expect(response.updateCard?.texts).toContain("You");
  });

  it("refresh with one more context call, from what the card carried", () => {
    answerContext();
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail()));
    answerContext({ status: "in_progress" }, []);
    const response = viewResponse(click(entryPoints, findButton(card, "Refresh")));
    expect(response.updateCard?.title).toBe("THD-42 · In progress");
    expect(t.world.sent).toHaveLength(2);
    expect(t.world.sent[1]?.body).toEqual(t.world.sent[0]?.body);
  });

  it("answer a thread gone from the org with a plain card whose Try again repeats the change", () => {
    answerContext();
    const card = viewCard(entryPoints.onGmailMessageOpen(openClientEmail()));
    t.api.on("PATCH", "/api/v1/threads/THD-42", {
      status: 404,
      body: { error: { code: "not_found", message: "thread not found" } },
    });
    const failed = viewResponse(click(entryPoints, findButton(card, "Close")));
    expect(failed.updateCard?.subtitle).toBe("Not found");
    expect(failed.updateCard?.texts).toContain("thread not found");
    t.api.on("PATCH", "/api/v1/threads/THD-42", {
      status: 200,
      body: { thread: summary(NOW, { status: "closed" }) },
    });
    const retried = viewResponse(click(entryPoints, findButton(failed.updateCard!, "Try again")));
    expect(t.world.sent.at(-1)?.body).toEqual({ status: "closed" });
    expect(retried.updateCard?.title).toBe("THD-42 · Closed");
  });
});
