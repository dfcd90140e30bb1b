import { and, count, eq } from "drizzle-orm";
import { createApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import { inboxes, members, orgs, threads } from "../db/schema";
import type { Deps } from "../deps";
import { ingestInbound } from "../inbound/ingest";
import { rawBodyOf } from "../inbound/raw-body";
import { createSignInLink } from "../web/sign-in/sign-in-links";
import { DEMO } from "./demo";
import { demoEmailPayload } from "./demo-email";

export { DEMO };

/** On an empty database: a demo org, inbox and admin, so a newcomer has something to try. */
export async function seedDemoIfEmpty(db: Db): Promise<{ token: string } | null> {
  const [existing] = await db.select({ n: count() }).from(orgs);
  if ((existing?.n ?? 0) > 0) return null;
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(orgs).values({ slug: DEMO.slug, name: DEMO.name }).returning();
    await tx.insert(inboxes).values({ orgId: org!.id, name: DEMO.inbox });
    const [admin] = await tx
      .insert(members)
      .values({ orgId: org!.id, email: DEMO.admin, name: "Demo Admin", role: "admin" })
      .returning();
    return createApiToken(tx, admin!, "first run");
  });
}

/**
 * Files the sample client email into the demo org when it has no thread yet, through the webhook's
 * own pipeline (so it is acknowledged too): a newcomer who signs in sees a thread at once.
 */
export async function seedDemoThreadIfNone(
  deps: Pick<Deps, "db" | "config" | "clock" | "log">,
): Promise<void> {
  const [org] = await deps.db.select().from(orgs).where(eq(orgs.slug, DEMO.slug)).limit(1);
  if (!org) return;
  const [existing] = await deps.db.select({ n: count() }).from(threads).where(eq(threads.orgId, org.id));
  if ((existing?.n ?? 0) > 0) return;
  await ingestInbound(deps, rawBodyOf(JSON.stringify(demoEmailPayload(deps.config))));
}

/** A sign-in link for the demo admin, for a development instance's console; null once they are gone. */
export async function demoSignInLink(deps: Pick<Deps, "db" | "config" | "clock">): Promise<string | null> {
  const [admin] = await deps.db
    .select({ email: members.email })
    .from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .where(and(eq(orgs.slug, DEMO.slug), eq(members.email, DEMO.admin)))
    .limit(1);
  return admin ? createSignInLink(deps.db, deps.config, admin.email, deps.clock.now()) : null;
}
