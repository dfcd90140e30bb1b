import type { Db } from "../db/client";
import type { ActionClient } from "../db/schema";
import { badRequest } from "../errors";
import type { Person } from "../threads/summary";
import { listAuditRows } from "./audit.statements";
import { OPERATOR } from "./record-audit";

export type AuditEntry = {
  at: string;
  /** The member who acted; null for the operator (client `api`) and for the service itself (client null). */
  actor: Person | null;
  client: ActionClient | null;
  kind: string;
  target: string | null;
  detail: Record<string, unknown>;
};

export type AuditQuery = {
  orgId: string;
  /** a member's address, or `operator` */
  actor?: string | undefined;
  kind?: string | undefined;
  cursor?: string | undefined;
  limit: number;
};

export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null };

/** One page of the org's audit log, newest first, continued by `nextCursor`. */
export async function listAudit(db: Db, query: AuditQuery): Promise<AuditPage> {
  const rows = await listAuditRows(db, {
    orgId: query.orgId,
    actor: query.actor ? query.actor.trim().toLowerCase() : undefined,
    kind: query.kind,
    beforeId: query.cursor ? decodeAuditCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    entries: page.map((row) => ({
      at: row.at.toISOString(),
      actor: actorOf(row),
      client: row.client,
      kind: row.kind,
      target: row.target,
      detail: row.detail,
    })),
    nextCursor: rows.length > query.limit && last ? encodeAuditCursor(last.id) : null,
  };
}

// a member who has left shows as the address recorded; the operator and the service as null
function actorOf(row: { actor: string; memberEmail: string | null; memberName: string | null }) {
  if (row.memberEmail !== null) return { email: row.memberEmail, name: row.memberName ?? "" };
  if (row.actor === OPERATOR || !row.actor.includes("@")) return null;
  return { email: row.actor, name: "" };
}

// rows are numbered in the order they were written, so the id alone continues a page
function encodeAuditCursor(id: number): string {
  return Buffer.from(JSON.stringify(["audit", id])).toString("base64url");
}

function decodeAuditCursor(cursor: string): number {
  const invalid = () => badRequest("cursor: not a cursor this API handed out");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed[0] !== "audit" || !Number.isSafeInteger(parsed[1])) throw invalid();
  return parsed[1] as number;
}
