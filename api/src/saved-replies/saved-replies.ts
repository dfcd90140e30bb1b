import { type AuditKind, auditActorOf, recordAudit } from "../audit/record-audit";
import type { MemberCaller } from "../auth/caller";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { isUuid } from "../db/ids";
import type { SavedReply } from "../db/schema";
import { AppError, badRequest, notFound } from "../errors";
import { checkedText } from "../http/text-size";
import { PLACEHOLDERS, unknownPlaceholders } from "./placeholders";
import {
  changeSavedReply,
  insertSavedReply,
  removeSavedReply,
  selectSavedReplies,
  selectSavedReply,
} from "./saved-replies.statements";
import { SAVED_REPLY_MAX_BYTES, SAVED_REPLY_MAX_NAME } from "./schemas";

export type SavedReplyView = { id: string; name: string; body: string; createdAt: string; updatedAt: string };
export type SavedReplyInput = { name: string; body: string };

/** The org's saved replies by name, for every member. */
export async function listSavedReplies(db: Db, orgId: string): Promise<SavedReplyView[]> {
  const rows = await selectSavedReplies(db, orgId);
  return rows.map(toSavedReplyView);
}

/** The org's saved reply `id`; another org's is not found. */
export async function requireSavedReply(db: Db, orgId: string, id: string): Promise<SavedReply> {
  if (!isUuid(id)) throw notFound("saved reply");
  const row = await selectSavedReply(db, orgId, id);
  if (!row) throw notFound("saved reply");
  return row;
}

export async function createSavedReply(db: Db, caller: MemberCaller, given: SavedReplyInput) {
  requireAdmin(caller);
  const input = { name: checkedName(given.name), body: checkedBody(given.body) };
  return db.transaction(async (tx) => {
    const row = await uniqueName(input.name, () =>
      insertSavedReply(tx, {
        orgId: caller.org.id,
        name: input.name,
        body: input.body,
        createdBy: caller.member.id,
      }),
    );
    await audit(tx, caller, "saved_reply_created", row, {});
    return toSavedReplyView(row);
  });
}

export async function updateSavedReply(
  db: Db,
  caller: MemberCaller,
  id: string,
  given: Partial<SavedReplyInput>,
  now: Date,
): Promise<SavedReplyView> {
  requireAdmin(caller);
  const input = {
    name: given.name === undefined ? undefined : checkedName(given.name),
    body: given.body === undefined ? undefined : checkedBody(given.body),
  };
  return db.transaction(async (tx) => {
    const before = await requireSavedReply(tx, caller.org.id, id);
    const row = await uniqueName(input.name ?? before.name, () =>
      changeSavedReply(tx, before.id, { name: input.name, body: input.body, updatedAt: now }),
    );
    const changed = (["name", "body"] as const).filter((field) => input[field] !== undefined);
    await audit(tx, caller, "saved_reply_updated", row, { changed, ...nameChange(before, row) });
    return toSavedReplyView(row);
  });
}

export async function deleteSavedReply(db: Db, caller: MemberCaller, id: string): Promise<void> {
  requireAdmin(caller);
  await db.transaction(async (tx) => {
    const row = await requireSavedReply(tx, caller.org.id, id);
    await removeSavedReply(tx, row.id);
    await audit(tx, caller, "saved_reply_deleted", row, {});
  });
}

function requireAdmin(caller: MemberCaller) {
  if (caller.member.role !== "admin") {
    throw new AppError("forbidden", "Only an admin of this organization may manage saved replies.");
  }
}

// the schemas' rules, for callers that reach these functions without them (pages)
function checkedName(name: string): string {
  const trimmed = checkedText("name", name, SAVED_REPLY_MAX_BYTES);
  if (trimmed.length > SAVED_REPLY_MAX_NAME) {
    throw badRequest(`name: at most ${SAVED_REPLY_MAX_NAME} characters`);
  }
  return trimmed;
}

function checkedBody(given: string): string {
  const body = checkedText("body", given, SAVED_REPLY_MAX_BYTES);
  const unknown = unknownPlaceholders(body);
  if (unknown.length === 0) return body;
  const known = PLACEHOLDERS.map((key) => `{{${key}}}`).join(", ");
  throw badRequest(
    `body: unknown placeholder${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; use ${known}`,
  );
}

async function uniqueName<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `name: a saved reply "${name}" already exists`);
    throw error;
  }
}

const nameChange = (before: SavedReply, after: SavedReply) =>
  before.name === after.name ? {} : { previousName: before.name };

function audit(
  db: Db,
  caller: MemberCaller,
  kind: AuditKind,
  row: SavedReply,
  detail: Record<string, unknown>,
) {
  return recordAudit(db, {
    orgId: caller.org.id,
    kind,
    by: auditActorOf(caller),
    target: row.name,
    detail: { savedReplyId: row.id, ...detail },
  });
}

export function toSavedReplyView(row: SavedReply): SavedReplyView {
  return {
    id: row.id,
    name: row.name,
    body: row.body,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
