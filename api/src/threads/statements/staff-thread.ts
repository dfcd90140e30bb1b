import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Inbox, inboxes, members } from "../../db/schema";

/** The org's inbox with this name, if any. */
export async function findInboxByName(db: Db, orgId: string, name: string): Promise<Inbox | undefined> {
  const [inbox] = await db
    .select()
    .from(inboxes)
    .where(and(eq(inboxes.orgId, orgId), eq(inboxes.name, name)))
    .limit(1);
  return inbox;
}

/** Whether the address is some inbox's custom address. */
export async function isCustomInboxAddress(db: Db, email: string): Promise<boolean> {
  const [custom] = await db
    .select({ id: inboxes.id })
    .from(inboxes)
    .where(eq(inboxes.customAddress, email))
    .limit(1);
  return custom !== undefined;
}

/** Whether the address is a member's of the org. */
export async function isMemberAddress(db: Db, orgId: string, email: string): Promise<boolean> {
  const [member] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(eq(members.orgId, orgId), eq(members.email, email)))
    .limit(1);
  return member !== undefined;
}
