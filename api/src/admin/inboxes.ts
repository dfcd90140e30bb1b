import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Inbox, Org } from "../db/schema";
import { AppError, badRequest, notFound } from "../errors";
import { inboxAddress } from "../inboxes/address";
import { insertInbox, updateInboxSettings } from "./statements/inboxes";

export type InboxView = {
  name: string;
  address: string;
  customAddress: string | null;
  autoAck: boolean;
  autoAckMessage: string | null;
  firstResponseMinutes: number | null;
  resolutionMinutes: number | null;
  createdAt: string;
};

/** Response targets in minutes from the client's first message; null: none. */
export type ResponseTargets = {
  firstResponseMinutes?: number | null | undefined;
  resolutionMinutes?: number | null | undefined;
};

export type InboxSettings = ResponseTargets & {
  autoAck?: boolean | undefined;
  autoAckMessage?: string | null | undefined;
  customAddress?: string | null | undefined;
};

export async function createInbox(
  db: Db,
  org: Org,
  input: ResponseTargets & {
    name: string;
    autoAck?: boolean | undefined;
    autoAckMessage?: string | undefined;
  },
  by: AuditActor,
): Promise<Inbox> {
  try {
    return await db.transaction(async (tx) => {
      const inbox = await insertInbox(tx, {
        orgId: org.id,
        name: input.name,
        autoAck: input.autoAck ?? true,
        autoAckMessage: input.autoAckMessage ?? null,
        firstResponseMinutes: input.firstResponseMinutes ?? null,
        resolutionMinutes: input.resolutionMinutes ?? null,
      });
      await recordAudit(tx, { orgId: org.id, kind: "inbox_created", by, target: inbox.name });
      return inbox;
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `name: an inbox "${input.name}" already exists`);
    throw error;
  }
}

/**
 * Changes an inbox's acknowledgement, custom address and response targets; a custom address is one
 * inbox's only. New targets apply to threads whose client first writes after the change.
 */
export async function updateInbox(
  db: Db,
  org: Org,
  name: string,
  settings: InboxSettings,
  context: { inboundDomain: string; by: AuditActor },
): Promise<Inbox> {
  const customAddress = normalizeCustomAddress(settings.customAddress, context.inboundDomain);
  const change = { ...settings, customAddress };
  try {
    return await db.transaction(async (tx) => {
      const inbox = await updateInboxSettings(tx, org.id, name, change);
      if (!inbox) throw notFound("inbox");
      const changed = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
      await recordAudit(tx, {
        orgId: org.id,
        kind: "inbox_updated",
        by: context.by,
        target: inbox.name,
        detail: changed,
      });
      return inbox;
    });
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
    firstResponseMinutes: inbox.firstResponseMinutes,
    resolutionMinutes: inbox.resolutionMinutes,
    createdAt: inbox.createdAt.toISOString(),
  };
}
