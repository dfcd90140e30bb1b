import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { customDomains } from "../../../api/src/db/schema";
import { verifyReplyToken } from "../../../api/src/inbound/reply-token";
import { deliverDueMail } from "../../../api/src/outbox/deliver";
import { createPostmarkMailer } from "../../../api/src/outbox/postmark-mailer";
import { testDrivers } from "../../helpers/databases";
import { makeInbox, makeMember, makeOrg } from "../../helpers/factories";
import { type FakePostmark, startFakePostmark } from "../../helpers/fake-postmark";
import { type FakePostmarkAccount, startFakePostmarkAccount } from "../../helpers/fake-postmark-account";
import { send } from "../admin/send";
import { firstThreadRef, type InboundWorld, inboundWorld } from "../inbound/inbound-setup";

describe.each(testDrivers)("which address acknowledgements come from, on %s", (driver) => {
  let postmark: FakePostmark;
  let account: FakePostmarkAccount;
  let world: InboundWorld;
  let adminToken: string;

  beforeAll(async () => {
    postmark = await startFakePostmark();
    account = await startFakePostmarkAccount();
    world = await inboundWorld(driver, {
      config: { POSTMARK_ACCOUNT_TOKEN: account.token, POSTMARK_API_URL: account.url },
      mailer: () =>
        createPostmarkMailer({
          POSTMARK_SERVER_TOKEN: postmark.token,
          POSTMARK_API_URL: postmark.url,
          POSTMARK_MESSAGE_STREAM: "outbound",
        }),
    });
    adminToken = (await makeMember(world.db, world.org, { role: "admin" })).token;
  });
  afterAll(async () => {
    await world?.close();
    await postmark?.close();
    await account?.close();
  });
  beforeEach(() => {
    account.dns = { dkim: false, returnPath: false };
  });

  /** An inbox of acme whose custom address is at a fresh domain; the admin API sets it. */
  async function inboxAt(domain: string) {
    const name = `in-${randomUUID().slice(0, 6)}`;
    await makeInbox(world.db, world.org, { name });
    const customAddress = `help@${domain}`;
    const res = await send(world, "PATCH", `/orgs/acme/inboxes/${name}`, adminToken, { customAddress });
    expect(res.status).toBe(200);
    return { address: `${name}.acme@tisket.test`, customAddress };
  }

  /** A client writes to the inbox; the acknowledgement goes through the outbox to the fake Postmark. */
  async function acknowledgementFor(inboxAddress: string) {
    const client = `client-${randomUUID().slice(0, 8)}@client.example`;
    const ref = firstThreadRef((await world.send({ from: client, to: [inboxAddress] })).body);
    expect(await deliverDueMail(world.deps)).toMatchObject({ sent: 1 });
    const sent = postmark.received.filter((email) => email.body.To === client);
    expect(sent).toHaveLength(1);
    const thread = await world.threadByRef(world.org.id, ref);
    return { body: sent[0]!.body, thread: thread! };
  }

  const domainName = () => `${randomUUID().slice(0, 8)}.example`;
  const addDomain = (domain: string) => send(world, "POST", "/orgs/acme/domains", adminToken, { domain });
  const verify = (domain: string) => send(world, "POST", `/orgs/acme/domains/${domain}/verify`, adminToken);

  it("before the domain is verified: from the inbox address, Reply-To the custom address", async () => {
    const domain = domainName();
    expect((await addDomain(domain)).status).toBe(201);
    const inbox = await inboxAt(domain);
    const { body } = await acknowledgementFor(inbox.address);
    expect(body.From).toBe(`"Acme" <${inbox.address}>`);
    expect(body.ReplyTo).toBe(inbox.customAddress);
  });

  it("once DKIM and Return-Path are verified: from the custom address, replies still reach the inbox by token", async () => {
    const domain = domainName();
    await addDomain(domain);
    const inbox = await inboxAt(domain);
    account.dns = { dkim: true, returnPath: false };
    await verify(domain);
    const half = await acknowledgementFor(inbox.address);
    expect(half.body.From).toBe(`"Acme" <${inbox.address}>`);
    account.dns = { dkim: true, returnPath: true };
    expect((await verify(domain)).status).toBe(200);
    const { body, thread } = await acknowledgementFor(inbox.address);
    expect(body.From).toBe(`"Acme" <${inbox.customAddress}>`);
    const local = inbox.address.split("@")[0]!.replace(".", "\\.");
    const token = new RegExp(`^${local}\\+([^@]+)@tisket\\.test$`).exec(String(body.ReplyTo))?.[1];
    expect(verifyReplyToken(world.deps.config.SECRET_KEY!, world.org.id, token ?? "")).toBe(thread.number);
    const [, ack] = await world.messagesOf(thread.id);
    expect(ack).toMatchObject({ direction: "outbound", fromEmail: inbox.customAddress });
  });

  it("a domain verified by another org does not count, and a removed domain stops counting", async () => {
    const other = await makeOrg(world.db);
    const theirs = domainName();
    await world.db.insert(customDomains).values({
      orgId: other.id,
      name: theirs,
      postmarkId: 1,
      dkimHost: `pm._domainkey.${theirs}`,
      dkimTextValue: "k=rsa;p=x",
      returnPathDomain: `pm-bounces.${theirs}`,
      returnPathCnameValue: "pm.mtasv.net",
      dkimVerified: true,
      returnPathVerified: true,
    });
    const borrowed = await inboxAt(theirs);
    expect((await acknowledgementFor(borrowed.address)).body.From).toBe(`"Acme" <${borrowed.address}>`);

    const ours = domainName();
    await addDomain(ours);
    account.dns = { dkim: true, returnPath: true };
    await verify(ours);
    const inbox = await inboxAt(ours);
    expect((await acknowledgementFor(inbox.address)).body.From).toBe(`"Acme" <${inbox.customAddress}>`);
    expect((await send(world, "DELETE", `/orgs/acme/domains/${ours}`, adminToken)).status).toBe(200);
    const after = await acknowledgementFor(inbox.address);
    expect(after.body.From).toBe(`"Acme" <${inbox.address}>`);
    expect(after.body.ReplyTo).toBe(inbox.customAddress);
  });

  it("an inbox without a custom address answers from its address with the token Reply-To, as before", async () => {
    const { body } = await acknowledgementFor("support.acme@tisket.test");
    expect(body.From).toBe('"Acme" <support.acme@tisket.test>');
    expect(String(body.ReplyTo)).toMatch(/^support\.acme\+[^@]+@tisket\.test$/);
  });
});
