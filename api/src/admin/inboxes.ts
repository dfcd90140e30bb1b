import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { type ActionClient, auditLog, type Inbox, inboxes, type Org } from "../db/schema";
import { AppError, badRequest, isUniqueViolation, notFound } from "../errors";
import { inboxAddress } from "../inboxes/address";

export type InboxView = {
  name: string;
  address: string;
  customAddress: string | null;
  autoAck: boolean;
  autoAckMessage: string | null;
  createdAt: string;
};

export type InboxSettings = {
  autoAck?: boolean | undefined;
  autoAckMessage?: string | null | undefined;
  customAddress?: string | null | undefined;
};

/** Who made a change and through which client (null: the operator), as the audit log keeps it. */
export type RecordedAs = { actor: string; client: ActionClient | null };

export async function createInbox(
  db: Db,
  org: Org,
  input: { name: string; autoAck?: boolean | undefined; autoAckMessage?: string | undefined },
  recordedAs: RecordedAs,
): Promise<Inbox> {
  try {
    return await db.transaction(async (tx) => {
      const [inbox] = await tx
        .insert(inboxes)
        .values({
          orgId: org.id,
          name: input.name,
          autoAck: input.autoAck ?? true,
          autoAckMessage: input.autoAckMessage ?? null,
        })
        .returning();
      await tx.insert(auditLog).values({
        orgId: org.id,
        kind: "inbox_created",
        ...recordedAs,
        detail: { inbox: input.name },
      });
      return inbox!;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `name: an inbox "${input.name}" already exists`);
    throw error;
  }
}

export function listInboxes(db: Db, org: Org): Promise<Inbox[]> {
  return db.select().from(inboxes).where(eq(inboxes.orgId, org.id)).orderBy(asc(inboxes.name));
}

/** Changes an inbox's acknowledgement and custom address; a custom address is one inbox's only. */
export async function updateInbox(
  db: Db,
  org: Org,
  name: string,
  settings: InboxSettings,
  inboundDomain: string,
): Promise<Inbox> {
  const customAddress = normalizeCustomAddress(settings.customAddress, inboundDomain);
  try {
    const [inbox] = await db
      .update(inboxes)
      .set({ autoAck: settings.autoAck, autoAckMessage: settings.autoAckMessage, customAddress })
      .where(and(eq(inboxes.orgId, org.id), eq(inboxes.name, name)))
      .returning();
    if (!inbox) throw notFound("inbox");
    return inbox;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "customAddress: another inbox already uses this address");
    }
    throw error;
  }
}

// addresses at our own domain are given out as <inbox>.<org>@…; letting one be "custom" would
// let an org claim another org's address
function normalizeCustomAddress(address: string | null | undefined, inboundDomain: string) {
  if (address === undefined || address === null) return address;
  const lower = address.trim().toLowerCase();
  if (lower.endsWith(`@${inboundDomain}`)) {
    throw badRequest(
      `customAddress: addresses at ${inboundDomain} are assigned by inbox and organization name`,
    );
  }
  return lower;
}

export function toInboxView(inbox: Inbox, org: Org, inboundDomain: string): InboxView {
  return {
    name: inbox.name,
    address: inboxAddress(inbox, org, inboundDomain),
    customAddress: inbox.customAddress,
    autoAck: inbox.autoAck,
    autoAckMessage: inbox.autoAckMessage,
    createdAt: inbox.createdAt.toISOString(),
  };
}
