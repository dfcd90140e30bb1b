import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox } from "../../../api/src/db/schema";
import { makeMember } from "../../helpers/factories";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { type InboundWorld, inboundWorld } from "../inbound/inbound-setup";
import { type ErrorReply, send } from "./send";

type Mail = {
  id: string;
  recipient: string;
  subject: string;
  status: string;
  attempts: number;
  lastError: string | null;
};

let world: InboundWorld;
let admin: Awaited<ReturnType<typeof makeMember>>;
beforeAll(async () => {
  world = await inboundWorld();
  admin = await makeMember(world.db, world.org, { role: "admin" });
});
afterAll(() => world?.close());

/** A client mail whose acknowledgement Postmark refused for good. */
async function failedAcknowledgement(client: string) {
  await world.send({ from: client, subject: "Will bounce" });
  const [row] = await world.outboxFor(client);
  await world.db
    .update(outbox)
    .set({ status: "failed", attempts: 1, lastError: "406 inactive recipient" })
    .where(eq(outbox.id, row!.id));
  return row!;
}

describe("outgoing mail an admin can see and retry", () => {
  it("lists mail that could not be sent, with the reason", async () => {
    const row = await failedAcknowledgement("gone@client.example");
    const res = await send(world, "GET", "/orgs/acme/outbox?status=failed", admin.token);
    expect(res.status).toBe(200);
    const { mail } = (await res.json()) as { mail: Mail[] };
    expect(mail.find((m) => m.id === row.id)).toMatchObject({
      recipient: "gone@client.example",
      status: "failed",
      lastError: "406 inactive recipient",
      subject: expect.stringMatching(/^\[THD-\d+\] Re: Will bounce$/),
    });
  });

  it("queues a failed mail again, records who did it, and refuses other orgs' mail", async () => {
    const row = await failedAcknowledgement("retry@client.example");
    const res = await send(world, "POST", `/orgs/acme/outbox/${row.id}/retry`, admin.token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { mail: Mail }).mail).toMatchObject({ status: "pending", attempts: 0 });
    const audits = await world.db.select().from(auditLog).where(eq(auditLog.kind, "mail_retried"));
    expect(audits.some((a) => a.detail.outboxId === row.id)).toBe(true);
    const agent = await makeMember(world.db, world.org, { role: "agent" });
    expect((await send(world, "POST", `/orgs/acme/outbox/${row.id}/retry`, agent.token)).status).toBe(403);
    expect((await send(world, "POST", "/orgs/acme/outbox/not-a-uuid/retry", admin.token)).status).toBe(404);
  });

  it("answers 400 naming the field for a bad status filter", async () => {
    const res = await send(world, "GET", "/orgs/acme/outbox?status=lost", admin.token);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorReply).error.message).toMatch(/status/);
  });
});

describe("refiling kept inbound mail", () => {
  it("files mail that arrived before its inbox existed once the admin created the inbox", async () => {
    const payload = inboundPayload({ to: ["sales.acme@tisket.test"], subject: "Early bird" });
    expect((await postInbound(world.app, payload)).body).toMatchObject({ status: "unrouted" });
    const [kept] = await world.inboundLog(String(payload.MessageID));
    const created = await send(world, "POST", "/orgs/acme/inboxes", admin.token, { name: "sales" });
    expect(created.status).toBe(201);
    const res = await send(world, "POST", `/orgs/acme/inbound-log/${kept!.id}/refile`, admin.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "filed",
      threads: [expect.stringMatching(/^THD-\d+$/)],
    });
    // a second refile adds nothing
    const again = await send(world, "POST", `/orgs/acme/inbound-log/${kept!.id}/refile`, admin.token);
    expect(await again.json()).toMatchObject({ status: "duplicate" });
  });

  it("does not let an admin refile another org's or unknown mail", async () => {
    const payload = inboundPayload({ to: ["info@elsewhere.example"] });
    await postInbound(world.app, payload);
    const [kept] = await world.inboundLog(String(payload.MessageID));
    expect((await send(world, "POST", `/orgs/acme/inbound-log/${kept!.id}/refile`, admin.token)).status).toBe(
      404,
    );
    expect((await send(world, "POST", "/orgs/acme/inbound-log/nope/refile", admin.token)).status).toBe(404);
  });
});
