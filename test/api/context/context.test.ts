import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatRef } from "../../../shared/src/subject-tag";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeMember, makeMessage, makeOrg, makeThread } from "../../helpers/factories";
import { type ContextReply, type StaffWorld, staffWorld } from "../presence/staff-world";

describe.each(testDrivers)("POST /context on %s", (driver) => {
  let w: StaffWorld;
  beforeAll(async () => {
    w = await staffWorld(driver);
  });
  afterAll(() => w?.close());

  const context = (token: string, body: Record<string, unknown>) =>
    w.call<ContextReply>("POST", "/context", token, { client: "gmail", activity: "viewing", ...body });
  const clientAddress = () => `client-${randomUUID().slice(0, 8)}@client.example`;

  it("finds the thread by the tag in the subject and records the caller as viewing it", async () => {
    const thread = await w.thread({ subject: "Printer on fire", clientEmail: "cleo@client.example" });
    const ref = formatRef(thread.number);
    const bob = await w.member("Bob Builder");
    const carol = await w.member("Carol Chen");
    const first = await context(bob.token, { subject: `Re: [${ref}] Printer on fire`, ttlSeconds: 600 });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      me: { email: bob.email, name: "Bob Builder" },
      thread: expect.objectContaining({
        ref,
        status: "open",
        subject: "Printer on fire",
        inbox: { name: "support", address: "support.acme@tisket.test" },
        client: { email: "cleo@client.example", name: "Cleo Client" },
      }),
      presence: [],
      candidates: [],
    });
    const second = await context(carol.token, {
      subject: `[${ref.toLowerCase()}] anything`,
      client: "outlook",
    });
    expect(second.body.presence).toEqual([
      {
        member: { email: bob.email, name: "Bob Builder" },
        activity: "viewing",
        client: "gmail",
        since: w.clock.now().toISOString(),
        expiresAt: new Date(w.clock.now().getTime() + 600_000).toISOString(),
      },
    ]);
    expect(await w.presenceEvents(thread)).toHaveLength(2);
  });

  it("finds the thread by the open message's own Message-ID", async () => {
    const thread = await w.thread();
    const message = await makeMessage(w.db, thread, {
      rfcMessageId: `<${randomUUID()}@mail.client.example>`,
    });
    const bob = await w.member("Bob");
    const found = await context(bob.token, { subject: "Printer on fire", messageId: message.rfcMessageId });
    expect(found.body.thread?.ref).toBe(formatRef(thread.number));
  });

  it("finds the thread by In-Reply-To", async () => {
    const thread = await w.thread();
    const message = await makeMessage(w.db, thread);
    const bob = await w.member("Bob");
    const found = await context(bob.token, {
      subject: "Re: no tag here",
      messageId: "<unknown@mail.example>",
      inReplyTo: message.rfcMessageId,
    });
    expect(found.body.thread?.ref).toBe(formatRef(thread.number));
  });

  it("finds the thread by References, given as one header or as a list", async () => {
    const thread = await w.thread();
    const message = await makeMessage(w.db, thread);
    const bob = await w.member("Bob");
    const asHeader = await context(bob.token, {
      references: `<first@elsewhere.example>\r\n ${message.rfcMessageId} <later@elsewhere.example>`,
    });
    expect(asHeader.body.thread?.ref).toBe(formatRef(thread.number));
    const asList = await context(bob.token, {
      references: ["<first@elsewhere.example>", message.rfcMessageId],
    });
    expect(asList.body.thread?.ref).toBe(formatRef(thread.number));
  });

  it("finds the thread of mail we sent through Postmark by <PostmarkID@mtasv.net>", async () => {
    const thread = await w.thread();
    const postmarkId = randomUUID();
    await makeMessage(w.db, thread, { direction: "outbound", postmarkMessageId: postmarkId });
    const bob = await w.member("Bob");
    const found = await context(bob.token, { inReplyTo: `<${postmarkId.toUpperCase()}@mtasv.net>` });
    expect(found.body.thread?.ref).toBe(formatRef(thread.number));
  });

  it("answers thread null for mail that belongs to no thread, recording nothing", async () => {
    const bob = await w.member("Bob");
    const none = await context(bob.token, {
      subject: "Lunch on Friday? [THD-999999]",
      messageId: "<lunch@mail.example>",
      inReplyTo: `<${randomUUID()}@mtasv.net>`,
      references: "<a@b.example>",
      from: "Friend <friend@example.com>",
    });
    expect(none).toEqual({
      status: 200,
      body: { me: { email: bob.email, name: "Bob" }, thread: null, presence: [], candidates: [] },
    });
  });

  it("lists a draft's recipients' open threads newest first, skipping closed ones, staff and our inboxes", async () => {
    const dora = clientAddress();
    const eve = clientAddress();
    const bob = await w.member("Bob");
    const older = await w.thread({ clientEmail: dora, subject: "Older" });
    await makeMessage(w.db, older, { createdAt: new Date(Date.UTC(2026, 0, 1, 9)) });
    const newer = await w.thread({ clientEmail: eve, subject: "Newer", status: "resolved" });
    await makeMessage(w.db, newer, { createdAt: new Date(Date.UTC(2026, 0, 1, 10)) });
    await w.thread({ clientEmail: dora, status: "closed" });
    await w.thread({ clientEmail: bob.email, subject: "Staff as client" });
    const drafted = await context(bob.token, {
      activity: "composing",
      to: [`"Dora, D." <${dora.toUpperCase()}>`, "support.acme@tisket.test", "not an address"],
      cc: [eve, `Bob <${bob.email}>`],
    });
    expect(drafted.status).toBe(200);
    expect(drafted.body.thread).toBeNull();
    expect(drafted.body.candidates.map((c) => c.subject)).toEqual(["Newer", "Older"]);
    expect(drafted.body.suggestedSubject).toBeUndefined();
  });

  it("suggests the subject tagged with the one candidate thread, or with the matched thread", async () => {
    const fay = clientAddress();
    const bob = await w.member("Bob");
    const only = await w.thread({ clientEmail: fay, subject: "Refund" });
    const ref = formatRef(only.number);
    const typed = await context(bob.token, {
      activity: "composing",
      to: [`Fay <${fay}>`],
      subject: "About your refund",
    });
    expect(typed.body.suggestedSubject).toBe(`[${ref}] About your refund`);
    const untyped = await context(bob.token, { activity: "composing", to: [fay] });
    expect(untyped.body.suggestedSubject).toBe(`[${ref}] Refund`);

    const other = await w.thread({ clientEmail: fay, subject: "Second matter" });
    const replying = await context(bob.token, {
      activity: "composing",
      subject: `Re: [${formatRef(other.number)}] Second matter`,
      to: [fay],
    });
    expect(replying.body.thread?.ref).toBe(formatRef(other.number));
    expect(replying.body.candidates).toHaveLength(2);
    expect(replying.body.suggestedSubject).toBe(`Re: [${formatRef(other.number)}] Second matter`);
  });

  it("lists the org's inboxes to a draft, to start a new thread from, and none when viewing", async () => {
    const bob = await w.member("Bob");
    const billing = await makeInbox(w.db, w.org, { name: "billing", customAddress: "billing@acme.example" });
    const drafted = await context(bob.token, { activity: "composing", to: [clientAddress()] });
    expect(drafted.body.inboxes).toEqual([
      {
        name: billing.name,
        address: "billing.acme@tisket.test",
        customAddress: "billing@acme.example",
        addressed: false,
      },
      { name: "support", address: "support.acme@tisket.test", customAddress: null, addressed: false },
    ]);
    const empty = await context(bob.token, { activity: "composing" });
    expect(empty.body.inboxes).toHaveLength(2);
    const viewing = await context(bob.token, { subject: "anything" });
    expect(viewing.body).not.toHaveProperty("inboxes");
  });

  it("records a composing caller, and lists no candidates when only viewing", async () => {
    const gus = clientAddress();
    const thread = await w.thread({ clientEmail: gus });
    const ref = formatRef(thread.number);
    const bob = await w.member("Bob");
    const carol = await w.member("Carol");
    await context(bob.token, { activity: "composing", subject: `[${ref}] hi`, to: [gus] });
    const viewing = await context(carol.token, { subject: `[${ref}] hi`, to: [gus] });
    expect(viewing.body.candidates).toEqual([]);
    expect(viewing.body.suggestedSubject).toBeUndefined();
    expect(viewing.body.presence).toMatchObject([{ member: { email: bob.email }, activity: "composing" }]);
  });

  it("marks the org's inboxes among a draft's recipients, by inbox, plus or custom address", async () => {
    const accounts = await makeInbox(w.db, w.org, {
      name: "accounts",
      customAddress: "accounts@acme.example",
    });
    await makeInbox(w.db, w.org, { name: "sales" });
    const bob = await w.member("Bob");
    const ivy = clientAddress();
    const drafted = await context(bob.token, {
      activity: "composing",
      to: [`Ivy <${ivy}>`, "Support <SUPPORT.ACME+x1@tisket.test>"],
      cc: ["Accounts@Acme.example", "support.other-org@tisket.test"],
    });
    expect(drafted.status).toBe(200);
    const marked = new Map(drafted.body.inboxes?.map((inbox) => [inbox.name, inbox]));
    expect(marked.get("accounts")).toEqual({
      name: "accounts",
      address: "accounts.acme@tisket.test",
      customAddress: accounts.customAddress,
      addressed: true,
    });
    expect(marked.get("support")).toMatchObject({ address: "support.acme@tisket.test", addressed: true });
    expect(marked.get("sales")).toMatchObject({ address: "sales.acme@tisket.test", addressed: false });
    const noInbox = await context(bob.token, { activity: "composing", to: [ivy] });
    expect(noInbox.body.inboxes?.filter((inbox) => inbox.addressed)).toEqual([]);
    const viewing = await context(bob.token, { to: ["support.acme@tisket.test"] });
    expect(viewing.body).not.toHaveProperty("inboxes");
  });

  it("never marks another org's inbox as addressed, nor lists it", async () => {
    const other = await makeOrg(w.db);
    await makeInbox(w.db, other, { name: "support", customAddress: `help@${other.slug}.example` });
    const stranger = await makeMember(w.db, other, { name: "Sam Stranger" });
    const bob = await w.member("Bob");
    const ours = await context(bob.token, {
      activity: "composing",
      to: [`support.${other.slug}@tisket.test`, `help@${other.slug}.example`],
    });
    expect(ours.body.inboxes?.length).toBeGreaterThan(0);
    expect(ours.body.inboxes?.filter((inbox) => inbox.addressed)).toEqual([]);
    const theirs = await context(stranger.token, { activity: "composing", to: ["support.acme@tisket.test"] });
    expect(theirs.body.inboxes).toEqual([
      {
        name: "support",
        address: `support.${other.slug}@tisket.test`,
        customAddress: `help@${other.slug}.example`,
        addressed: false,
      },
    ]);
  });

  it("never shows another org's thread, by tag, by header or as a candidate", async () => {
    const other = await makeOrg(w.db);
    const otherInbox = await makeInbox(w.db, other);
    const stranger = await makeMember(w.db, other, { name: "Sam Stranger" });
    const hal = clientAddress();
    const ours = await w.thread({ clientEmail: hal });
    const message = await makeMessage(w.db, ours, { postmarkMessageId: randomUUID() });
    const bob = await w.member("Bob");
    await context(bob.token, { subject: `[${formatRef(ours.number)}] x` });
    const seen = await context(stranger.token, {
      activity: "composing",
      subject: `[${formatRef(ours.number)}] x`,
      messageId: message.rfcMessageId,
      references: [`<${message.postmarkMessageId}@mtasv.net>`],
      to: [hal],
    });
    expect(seen.body).toEqual({
      me: { email: stranger.email, name: "Sam Stranger" },
      thread: null,
      presence: [],
      candidates: [],
      inboxes: [
        {
          name: "support",
          address: `support.${other.slug}@tisket.test`,
          customAddress: null,
          addressed: false,
        },
      ],
      savedReplies: [],
    });

    const theirs = await makeThread(w.db, other, otherInbox, { clientEmail: hal });
    const theirView = await context(stranger.token, { activity: "composing", to: [hal] });
    expect(theirView.body.candidates.map((c) => c.ref)).toEqual([formatRef(theirs.number)]);
  });

  it("answers 400 naming the field for bad input", async () => {
    const bob = await w.member("Bob");
    const cases: [Record<string, unknown>, string][] = [
      [{ activity: "reading" }, "activity"],
      [{ client: "thunderbird" }, "client"],
      [{ ttlSeconds: 1000 }, "ttlSeconds"],
      [{ to: "cleo@client.example" }, "to"],
    ];
    for (const [body, field] of cases) {
      const res = await w.call("POST", "/context", bob.token, {
        client: "gmail",
        activity: "viewing",
        ...body,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
    }
  });
});

describe("POST /context in the OpenAPI document", () => {
  it("describes the optional inboxes of a draft", async () => {
    const w = await staffWorld();
    try {
      const res = await w.app.request("/api/v1/openapi.json");
      const doc = (await res.json()) as {
        components: {
          schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
        };
      };
      const context = doc.components.schemas.Context!;
      expect(context.properties).toHaveProperty("inboxes");
      expect(context.properties).toHaveProperty("me");
      expect(context.required).not.toContain("inboxes");
      expect(doc.components.schemas.DraftInbox?.properties).toHaveProperty("addressed");
    } finally {
      await w.close();
    }
  });
});
