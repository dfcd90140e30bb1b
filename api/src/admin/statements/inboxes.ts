import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Inbox, inboxes, type Org } from "../../db/schema";

export type NewInboxRow = Pick<
  Inbox,
  "orgId" | "name" | "autoAck" | "autoAckMessage" | "firstResponseMinutes" | "resolutionMinutes"
>;

/** A new inbox; a name the org already has fails on the unique key. */
export async function insertInbox(db: Db, inbox: NewInboxRow): Promise<Inbox> {
  const [row] = await db.insert(inboxes).values(inbox).returning();
  return row!;
}

/** The org's inboxes by name. */
export function listInboxes(db: Db, org: Pick<Org, "id">): Promise<Inbox[]> {
  return db.select().from(inboxes).where(eq(inboxes.orgId, org.id)).orderBy(asc(inboxes.name));
}

/** The org's inbox of this exact name; null when it has none. */
export async function findInboxByName(db: Db, orgId: string, name: string): Promise<Inbox | null> {
  const [inbox] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.orgId, orgId), eq(inboxes.name, name)));
  return inbox ?? null;
}

export type InboxChange = Partial<
  Pick<Inbox, "autoAck" | "autoAckMessage" | "customAddress" | "firstResponseMinutes" | "resolutionMinutes">
>;

/**
 * Sets the given settings of the org's inbox `name` (an undefined one is left as it is); null when
 * the org has no such inbox. A custom address another inbox has fails on the unique key.
 */
export async function updateInboxSettings(
  db: Db,
  orgId: string,
  name: string,
  change: { [Key in keyof InboxChange]?: InboxChange[Key] | undefined },
): Promise<Inbox | null> {
  const [inbox] = await db
    .update(inboxes)
    .set(change)
    .where(and(eq(inboxes.orgId, orgId), eq(inboxes.name, name)))
    .returning();
  return inbox ?? null;
}
