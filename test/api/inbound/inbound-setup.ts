import { eq } from "drizzle-orm";
import type { DriverName } from "../../../api/src/db/client";
import { inboundEmails, messages, outbox, threads } from "../../../api/src/db/schema";
import { formatRef } from "../../../shared/src/subject-tag";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { makeInbox, makeMember, makeOrg } from "../../helpers/factories";
import { type EmailSpec, inboundPayload, postInbound } from "../../helpers/postmark-payloads";

/** An app with org `acme`, inbox `support` (support.acme@tisket.test) and one agent, Bob. */
export async function inboundWorld(
  driver: DriverName = "pglite",
  config: Parameters<typeof makeTestApp>[0] = {},
) {
  const testApp = await makeTestApp({ driver, ...config });
  const org = await makeOrg(testApp.db, { slug: "acme", name: "Acme" });
  const inbox = await makeInbox(testApp.db, org, { name: "support" });
  const bob = await makeMember(testApp.db, org, { email: "bob@acme.example", name: "Bob Builder" });
  return { ...testApp, org, inbox, bob, ...helpers(testApp) };
}

function helpers(testApp: TestApp) {
  const { app, db } = testApp;
  return {
    /** Posts an email built from the spec; returns the webhook's answer. */
    send: (spec: EmailSpec = {}) => postInbound(app, inboundPayload(spec)),
    threadByRef: async (orgId: string, ref: string) => {
      const all = await db.select().from(threads).where(eq(threads.orgId, orgId));
      return all.find((thread) => formatRef(thread.number) === ref) ?? null;
    },
    messagesOf: (threadId: string) =>
      db.select().from(messages).where(eq(messages.threadId, threadId)).orderBy(messages.createdAt),
    outboxFor: (recipient: string) => db.select().from(outbox).where(eq(outbox.recipient, recipient)),
    inboundLog: (postmarkId: string) =>
      db.select().from(inboundEmails).where(eq(inboundEmails.postmarkMessageId, postmarkId)),
  };
}

export type InboundWorld = Awaited<ReturnType<typeof inboundWorld>>;

export function firstThreadRef(body: Record<string, unknown>): string {
  const refs = body.threads as string[] | undefined;
  if (!refs?.[0]) throw new Error(`no thread in webhook answer: ${JSON.stringify(body)}`);
  return refs[0];
}
