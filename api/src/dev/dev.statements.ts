import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type Inbox, inboxes, members, orgs, threads } from "../db/schema";

export async function countOrgs(db: Db): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(orgs);
  return existing?.n ?? 0;
}

export async function countThreadsOf(db: Db, orgId: string): Promise<number> {
  const [existing] = await db.select({ n: count() }).from(threads).where(eq(threads.orgId, orgId));
  return existing?.n ?? 0;
}

/** An inbox with the default settings (acknowledgement on, no targets). */
export async function insertDefaultInbox(db: Db, inbox: Pick<Inbox, "orgId" | "name">): Promise<void> {
  await db.insert(inboxes).values(inbox);
}

/** The address of member `email` of org `slug`, when they are still a member of it. */
export async function findMemberEmailInOrg(db: Db, slug: string, email: string): Promise<string | null> {
  const [admin] = await db
    .select({ email: members.email })
    .from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .where(and(eq(orgs.slug, slug), eq(members.email, email)))
    .limit(1);
  return admin?.email ?? null;
}
