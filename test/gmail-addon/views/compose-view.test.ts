import { describe, expect, it } from "vitest";
import { composeEvent } from "../support/apps-script";
import { findButton, viewCard, viewResponse } from "../support/card-view";
import { click } from "../support/click";
import { API, summary } from "../support/scripted-api";
import { entryPoints, NOW, unitWorld } from "../support/unit-world";

const t = unitWorld();

const inboxes = [
  { name: "billing", address: "billing.acme@tisket.test", customAddress: "billing@acme.example" },
  { name: "support", address: "support.acme@tisket.test", customAddress: null },
];
const refund = summary(NOW, { ref: "THD-7", subject: "Refund for order 1234", status: "in_progress" });
const printer = summary(NOW, { ref: "THD-9", subject: "Printer on fire" });

function answerCompose(candidates = [refund, printer]) {
  t.api.on("POST", "/api/v1/context", {
    status: 200,
    body: { thread: null, presence: [], candidates, inboxes },
  });
}

const draft = {
  to: ["Cleo Client <cleo@client.example>"],
  cc: ["dan@client.example"],
  bcc: ["support.acme@tisket.test"],
};

describe("composing", () => {
  it("lists the recipients' threads that are not closed, asks for the subject, offers a new thread", () => {
    answerCompose();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    expect(t.world.sent).toEqual([
      expect.objectContaining({
        method: "post",
        url: `${API}/api/v1/context`,
        body: {
          client: "gmail",
          activity: "composing",
          to: ["Cleo Client <cleo@client.example>"],
          cc: ["dan@client.example", "support.acme@tisket.test"],
          ttlSeconds: 600,
        },
      }),
    ]);
    expect(card.title).toBe("Tag this email");
    expect(card.texts).toEqual(
      expect.arrayContaining([
        "THD-7 · In progress",
        "Refund for order 1234",
        "THD-9 · Open",
        "Printer on fire",
      ]),
    );
    expect(card.buttons.map((b) => b.text)).toEqual([
      "Use THD-7",
      "Use THD-9",
      "Refresh",
      "Start a new thread",
    ]);
    expect(card.inputs).toEqual([
      expect.objectContaining({ kind: "TextInput", field: "subject", title: "Subject", value: "" }),
      expect.objectContaining({
        field: "inbox",
        items: [
          { text: "billing", value: "billing", selected: false },
          { text: "support", value: "support", selected: true },
        ],
      }),
      expect.objectContaining({
        field: "client",
        items: [
          { text: "Cleo Client <cleo@client.example>", value: "cleo@client.example", selected: true },
          { text: "dan@client.example", value: "dan@client.example", selected: false },
        ],
      }),
    ]);
  });

  it("tags the draft with the thread chosen, the subject typed kept, and marks the agent composing", () => {
    answerCompose();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent({ to: ["cleo@client.example"] })));
    t.api.on("PUT", "/api/v1/presence", { status: 200, body: { presence: [] } });
    const response = viewResponse(
      click(entryPoints, findButton(card, "Use THD-7"), { form: { subject: "Your refund is on its way" } }),
    );
    expect(t.world.sent[1]).toMatchObject({
      method: "put",
      url: `${API}/api/v1/presence`,
      body: { thread: "THD-7", activity: "composing", client: "gmail", ttlSeconds: 600 },
    });
    // the inbox was not a recipient: it joins Cc so the mail reaches the thread
    expect(response.draft).toEqual({
      subject: "[THD-7] Your refund is on its way",
      cc: ["support.acme@tisket.test"],
    });
  });

  it("uses the thread's subject when none was typed, and leaves Cc alone when the inbox is on the draft", () => {
    answerCompose();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    t.api.on("PUT", "/api/v1/presence", { status: 200, body: { presence: [] } });
    const response = viewResponse(click(entryPoints, findButton(card, "Use THD-9")));
    expect(response.draft).toEqual({ subject: "[THD-9] Printer on fire", cc: null });
  });

  it("still tags the draft when Tisket cannot record the presence for the moment", () => {
    answerCompose();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    t.api.down();
    const response = viewResponse(
      click(entryPoints, findButton(card, "Use THD-9"), { form: { subject: "Re: Fire" } }),
    );
    expect(response.draft?.subject).toBe("[THD-9] Re: Fire");
  });

  it("starts a new thread in the inbox chosen, with the client's name, and tags the draft with it", () => {
    answerCompose([]);
    const card = viewCard(
      entryPoints.onGmailCompose(composeEvent({ to: ["Cleo Client <cleo@client.example>"] })),
    );
    expect(card.texts).toContain("No open threads with these recipients.");
    t.api.on("POST", "/api/v1/threads", (request) => ({
      status: 201,
      body: {
        thread: summary(NOW, { ref: "THD-43" }),
        subject: `[THD-43] ${(request.body as { subject: string }).subject}`,
      },
    }));
    t.api.on("PUT", "/api/v1/presence", { status: 200, body: { presence: [] } });
    const response = viewResponse(
      click(entryPoints, findButton(card, "Start a new thread"), {
        form: { subject: "Your new printer", inbox: "billing", client: "cleo@client.example" },
      }),
    );
    expect(t.world.sent.slice(1).map((r) => [r.method, r.url.slice(API.length), r.body])).toEqual([
      [
        "post",
        "/api/v1/threads",
        {
          inbox: "billing",
          clientEmail: "cleo@client.example",
          clientName: "Cleo Client",
          subject: "Your new printer",
        },
      ],
      [
        "put",
        "/api/v1/presence",
        { thread: "THD-43", activity: "composing", client: "gmail", ttlSeconds: 600 },
      ],
    ]);
    expect(response.draft).toEqual({ subject: "[THD-43] Your new printer", cc: ["billing@acme.example"] });
  });

  it("asks for the subject before starting a thread, and shows Tisket's refusal, the card kept", () => {
    answerCompose([]);
    const card = viewCard(entryPoints.onGmailCompose(composeEvent({ to: ["bob@acme.example"] })));
    const start = findButton(card, "Start a new thread");
    const empty = viewResponse(
      click(entryPoints, start, { form: { inbox: "support", client: "bob@acme.example" } }),
    );
    expect(empty).toMatchObject({
      notice: "Type the subject first: it becomes the thread's subject.",
      updateCard: null,
    });
    expect(t.world.sent).toHaveLength(1);
    const message = "clientEmail: is a member of this organization, not a client";
    t.api.on("POST", "/api/v1/threads", { status: 400, body: { error: { code: "bad_request", message } } });
    const refused = viewResponse(
      click(entryPoints, start, { form: { subject: "Hi", inbox: "support", client: "bob@acme.example" } }),
    );
    expect(refused).toMatchObject({
      notice: `Tisket did not do it: ${message}`,
      updateCard: null,
      draft: null,
    });
  });

  it("keeps what was typed when the card is refreshed", () => {
    answerCompose();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    const response = viewResponse(
      click(entryPoints, findButton(card, "Refresh"), { form: { subject: "Half a thought" } }),
    );
    expect(response.updateCard?.inputs[0]?.value).toBe("Half a thought");
    expect(t.world.sent[1]?.body).toEqual(t.world.sent[0]?.body);
  });

  it("asks for recipients when the draft has none yet", () => {
    answerCompose([]);
    const card = viewCard(entryPoints.onGmailCompose(composeEvent({})));
    expect(card.texts).toContain("Add the client to To or Cc, then Refresh, to see their threads.");
    expect(card.texts).toContain("Add the client as a recipient first.");
    expect(card.buttons.map((b) => b.text)).not.toContain("Start a new thread");
  });

  it("says so when Tisket cannot be reached, and Try again brings the draft's card back", () => {
    t.api.down();
    const card = viewCard(entryPoints.onGmailCompose(composeEvent(draft)));
    expect(card.subtitle).toBe("Tisket cannot be reached");
    t.api.up();
    answerCompose();
    const retried = viewResponse(click(entryPoints, findButton(card, "Try again")));
    expect(retried.updateCard?.title).toBe("Tag this email");
  });
});
