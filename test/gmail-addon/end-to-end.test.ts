import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleAddon } from "../../gmail-addon/scripts/bundle";
import type { SigningKey } from "../api/auth/fake-identity-provider";
import { type ApiServer, OPERATOR } from "./support/api-server";
import { composeEvent } from "./support/apps-script";
import { findButton, viewCard, viewResponse } from "./support/card-view";
import { click } from "./support/click";
import {
  addonFor,
  GOOGLE_CLIENT_ID,
  googleIdentity,
  newClientThread,
  startLiveApi,
} from "./support/live-world";

// The built Code.js in node:vm, its UrlFetchApp blocking on real HTTP to the real API server
// (its own process, in-memory database): what Gmail would run, short of Google's servers.

type Thread = {
  ref: string;
  status: string;
  subject: string;
  client: { email: string };
  history: { field: string; to: string | null; actor: { email?: string }; client: string | null }[];
};
type Others = {
  presence: {
    member: { name: string };
    activity: string;
    client: string;
    since: string;
    expiresAt: string;
  }[];
};

let api: ApiServer;
let key: SigningKey;
let bobToken: string;
let adaToken: string;
let code: string;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  ({ api, key, bobToken } = await startLiveApi());
  code = (await bundleAddon({ publicUrl: "https://api.example.com" })).code;
  adaToken = await tokenOf("acme", "ada@acme.example");
}, 120_000);

/** An API token made by the operator for a member, as an admin makes one on the settings page. */
async function tokenOf(org: string, email: string): Promise<string> {
  const made = await api.call<{ token: string }>("POST", `/orgs/${org}/tokens`, OPERATOR, { email });
  expect(made.status).toBe(201);
  return made.body.token;
}

async function expectStatus(reply: Promise<{ status: number; body: unknown }>, status: number) {
  const { status: got, body } = await reply;
  expect(got, JSON.stringify(body)).toBe(status);
  return body;
}

afterAll(async () => {
  for (const close of closers) await close();
  await api?.stop();
});

/** Ada's Gmail: signed in with her Google identity, the add-on pointed at the real API. */
async function adasGmail(apiUrl = api.apiUrl, timeoutMs?: number) {
  const identityToken = await googleIdentity(key, "ada@acme.example");
  const addon = addonFor(code, { apiUrl, gmailUser: "ada@acme.example", identityToken, timeoutMs });
  closers.push(addon.close);
  return addon;
}

type Addon = Awaited<ReturnType<typeof adasGmail>>;
type ClientThread = Awaited<ReturnType<typeof newClientThread>>;

/** The client's email open in this user's Gmail. */
const open = (addon: Addon, thread: ClientThread) =>
  addon.entryPoints.onGmailMessageOpen!(addon.world.openMessage({ ...thread.email, date: new Date() }));

const clientThread = (subject: string) => newClientThread(api, bobToken, subject);

/** Bob's heartbeat through the API: answers who else is in the thread. */
async function bobSees(ref: string) {
  const reply = await api.call<Others>("PUT", "/presence", bobToken, {
    thread: ref,
    activity: "composing",
    client: "outlook",
    ttlSeconds: 600,
  });
  expect(reply.status).toBe(200);
  return reply.body.presence;
}

describe("the Gmail add-on against the real API", () => {
  it("names a teammate composing a reply in the open email's thread, with one call, and records Ada viewing", async () => {
    const thread = await clientThread("Printer on fire");
    await bobSees(thread.ref);
    const ada = await adasGmail();
    const card = viewCard(open(ada, thread));
    expect(card.title).toBe(`${thread.ref} · Open`);
    expect(card.subtitle).toBe("Printer on fire");
    expect(card.texts).toContain("Bob Builder is composing a reply (just now)");
    expect(card.texts).toContain(`Cleo Client &lt;${thread.client}&gt;`);
    expect(findButton(card, "Open in Tisket").link).toBe(`${api.apiUrl}/admin/threads/${thread.ref}`);
    expect(ada.world.sent).toHaveLength(1);
    const [seen] = await bobSees(thread.ref);
    expect(seen).toMatchObject({ member: { name: "Ada Admin" }, activity: "viewing", client: "gmail" });
    expect(Date.parse(seen!.expiresAt) - Date.parse(seen!.since)).toBe(300_000);
  });

  it("resolves the thread from the card, as Ada through Gmail, and Bob's pasted token reopens it", async () => {
    const thread = await clientThread("Paper jam");
    const ada = await adasGmail();
    const resolved = viewResponse(click(ada.entryPoints, findButton(viewCard(open(ada, thread)), "Resolve")));
    expect(resolved.updateCard?.title).toBe(`${thread.ref} · Resolved`);
    expect(resolved.notice).toBe(`${thread.ref} is now Resolved`);
    const after = await api.call<{ thread: Thread }>("GET", `/threads/${thread.ref}`, bobToken);
    expect(after.body.thread.status).toBe("resolved");
    expect(after.body.thread.history.at(-1)).toMatchObject({
      field: "status",
      to: "resolved",
      actor: { email: "ada@acme.example" },
      client: "gmail",
    });

    const bob = addonFor(code, { apiUrl: api.apiUrl, gmailUser: "bob@acme.example", identityToken: null });
    closers.push(bob.close);
    bob.world.userProperties.set("TISKET_TOKEN", bobToken);
    const reopened = viewResponse(click(bob.entryPoints, findButton(viewCard(open(bob, thread)), "Reopen")));
    expect(reopened.updateCard?.title).toBe(`${thread.ref} · Open`);
    const again = await api.call<{ thread: Thread }>("GET", `/threads/${thread.ref}`, bobToken);
    expect(again.body.thread.history.at(-1)).toMatchObject({
      to: "open",
      actor: { email: "bob@acme.example" },
      client: "gmail",
    });
  });

  it("tags a draft to the client with their thread, and teammates see Ada composing", async () => {
    const thread = await clientThread("Toner");
    const ada = await adasGmail();
    const card = viewCard(
      ada.entryPoints.onGmailCompose!(composeEvent({ to: [`Cleo Client <${thread.client}>`] })),
    );
    expect(card.texts).toContain(`${thread.ref} · Open`);
    const response = viewResponse(
      click(ada.entryPoints, findButton(card, `Use ${thread.ref}`), {
        form: { subject: "Your toner, on its way" },
      }),
    );
    expect(response.draft).toEqual({
      subject: `[${thread.ref}] Your toner, on its way`,
      cc: ["support.acme@tisket.test"],
    });
    expect(await bobSees(thread.ref)).toContainEqual(
      expect.objectContaining({
        member: expect.objectContaining({ name: "Ada Admin" }),
        activity: "composing",
      }),
    );
  });

  it("starts a new thread from a draft and tags it", async () => {
    const ada = await adasGmail();
    const draft = composeEvent({ to: ["Dan Client <dan@client.example>"], cc: ["support.acme@tisket.test"] });
    const card = viewCard(ada.entryPoints.onGmailCompose!(draft));
    const response = viewResponse(
      click(ada.entryPoints, findButton(card, "Start a new thread"), {
        form: { subject: "Your new contract", inbox: "support", client: "dan@client.example" },
      }),
    );
    const ref = /^\[(THD-\d+)\] Your new contract$/.exec(response.draft?.subject ?? "")?.[1];
    expect(response.draft?.cc).toBeNull();
    const created = await api.call<{ thread: Thread }>("GET", `/threads/${ref}`, bobToken);
    expect(created.body.thread).toMatchObject({
      subject: "Your new contract",
      client: { email: "dan@client.example" },
    });
  });

  it("gives unrelated mail a quiet card", async () => {
    const ada = await adasGmail();
    const lunch = ada.world.openMessage({
      subject: "Lunch on Friday?",
      from: "Friend <friend@elsewhere.example>",
      date: new Date(),
      headers: { "Message-ID": "<lunch@elsewhere.example>" },
    });
    expect(viewCard(ada.entryPoints.onGmailMessageOpen!(lunch)).subtitle).toBe("Not a support thread");
  });

  it("tells a Google account that is no member what to do", async () => {
    const thread = await clientThread("Anyone there?");
    const identityToken = await googleIdentity(key, "stranger@elsewhere.example");
    const stranger = addonFor(code, {
      apiUrl: api.apiUrl,
      gmailUser: "stranger@elsewhere.example",
      identityToken,
    });
    closers.push(stranger.close);
    const card = viewCard(open(stranger, thread));
    expect(card.subtitle).toBe("Tisket does not know you yet");
    expect(card.texts[0]).toContain(
      "Ask an admin of your Tisket to add stranger@elsewhere.example as a member",
    );
    expect(card.buttons.map((b) => b.text)).toEqual(["Try again", "Settings"]);
    const settings = viewResponse(click(stranger.entryPoints, findButton(card, "Settings"))).pushCard;
    expect(settings?.texts).toContain(GOOGLE_CLIENT_ID);
  });

  it("says so when the API is down, and Try again works once it is back", async () => {
    const thread = await clientThread("Down again");
    const ada = await adasGmail("http://127.0.0.1:9");
    const card = viewCard(open(ada, thread));
    expect(card.subtitle).toBe("Tisket cannot be reached");
    expect(card.texts[0]).toBe(
      "Tisket at http://127.0.0.1:9 did not answer. Check your connection, or try again in a moment.",
    );
    ada.world.scriptProperties.set("TISKET_API_URL", api.apiUrl);
    const retried = viewResponse(click(ada.entryPoints, findButton(card, "Try again")));
    expect(retried.updateCard?.title).toBe(`${thread.ref} · Open`);
  });

  it("says so when the API stops answering, within the time UrlFetchApp waits", async () => {
    const thread = await clientThread("Slow");
    const ada = await adasGmail(api.silentUrl, 1_500);
    const card = viewCard(open(ada, thread));
    expect(card.subtitle).toBe("Tisket cannot be reached");
    expect(card.texts[0]).toContain("did not answer in time");
  });

  it("inserts a saved reply filled in with the client's name, and never lists another org's", async () => {
    await expectStatus(api.call("POST", "/orgs", OPERATOR, { slug: "globex", name: "Globex" }), 201);
    await expectStatus(
      api.call("POST", "/orgs/globex/members", OPERATOR, { email: "gil@globex.example", role: "admin" }),
      201,
    );
    const gilToken = await tokenOf("globex", "gil@globex.example");
    await expectStatus(
      api.call("POST", "/saved-replies", gilToken, { name: "Globex secret", body: "Not for Acme" }),
      201,
    );
    await expectStatus(
      api.call("POST", "/saved-replies", adaToken, {
        name: "Fixed",
        body: "Hi {{client.name}},\nabout {{thread.ref}}: <fixed> & done.\n{{member.name}}",
      }),
      201,
    );
    const thread = await clientThread("Broken invoice");
    const ada = await adasGmail();
    const card = viewCard(
      ada.entryPoints.onGmailCompose!(composeEvent({ to: [`Cleo Client <${thread.client}>`] })),
    );
    const replies = viewResponse(click(ada.entryPoints, findButton(card, `Replies for ${thread.ref}`)));
    const repliesCard = replies.updateCard!;
    expect(repliesCard.title).toBe(`Reply in ${thread.ref}`);
    expect(repliesCard.texts).toContain("Fixed");
    expect(repliesCard.says).not.toContain("Globex secret");
    const inserted = viewResponse(click(ada.entryPoints, findButton(repliesCard, "Insert")));
    expect(inserted.draft?.body).toEqual([
      {
        content: `Hi Cleo Client,<br>\nabout ${thread.ref}: &lt;fixed&gt; &amp; done.<br>\nAda Admin`,
        contentType: "MUTABLE_HTML",
        updateType: "IN_PLACE_INSERT",
      },
    ]);
    expect(inserted.draft?.subject).toBeNull();
    // opening the thread's replies marked Ada composing there
    expect(await bobSees(thread.ref)).toContainEqual(
      expect.objectContaining({
        member: expect.objectContaining({ name: "Ada Admin" }),
        activity: "composing",
      }),
    );
  });

  it("offers a reply an AI agent drafted, inserts it, and discards it for the team", async () => {
    const thread = await clientThread("Toner again");
    await expectStatus(
      api.call("POST", `/threads/${thread.ref}/drafts`, bobToken, {
        body: "Dear Cleo,\nyour toner <ships> today.",
      }),
      201,
    );
    const ada = await adasGmail();
    const card = viewCard(
      ada.entryPoints.onGmailCompose!(composeEvent({ to: [`Cleo Client <${thread.client}>`] })),
    );
    expect(card.says).toContain("1 suggested reply");
    const repliesCard = viewResponse(click(ada.entryPoints, findButton(card, `Replies for ${thread.ref}`)))
      .updateCard!;
    expect(repliesCard.texts).toContain("Bob Builder · just now");
    expect(repliesCard.texts).toContain("Dear Cleo,<br>your toner &lt;ships&gt; today.");
    const inserted = viewResponse(click(ada.entryPoints, findButton(repliesCard, "Insert suggested reply")));
    expect(inserted.draft?.body?.[0]).toMatchObject({
      content: "Dear Cleo,<br>\nyour toner &lt;ships&gt; today.",
      contentType: "MUTABLE_HTML",
    });
    const discarded = viewResponse(click(ada.entryPoints, findButton(repliesCard, "Discard")));
    expect(discarded.notice).toBe("Suggested reply discarded.");
    expect(discarded.updateCard?.says).not.toContain("Suggested replies");
    const after = await api.call<{ thread: { drafts: unknown[] } }>(
      "GET",
      `/threads/${thread.ref}`,
      bobToken,
    );
    expect(after.body.thread.drafts).toEqual([]);
  });

  it("shows the thread's tickets, notes and suggestions on the message card, a GitHub ticket as a link", async () => {
    const thread = await clientThread("Crash on export");
    const url = "https://github.com/acme/.tickets/blob/main/TKT-42.md";
    await expectStatus(
      api.call("PUT", `/threads/${thread.ref}/tickets/TKT-42`, bobToken, { repo: "acme/.tickets", url }),
      201,
    );
    await expectStatus(
      api.call("POST", `/threads/${thread.ref}/notes`, bobToken, { body: "Known bug" }),
      201,
    );
    await expectStatus(api.call("PATCH", `/threads/${thread.ref}`, bobToken, { priority: "high" }), 200);
    const ada = await adasGmail();
    const card = viewCard(open(ada, thread));
    expect(card.texts).toEqual(
      expect.arrayContaining([
        "Tickets",
        "TKT-42",
        "acme/.tickets",
        "Priority",
        "High",
        "1 internal note in Tisket",
      ]),
    );
    expect(card.links).toEqual([url]);
    expect(ada.world.sent).toHaveLength(1);
  });
});
