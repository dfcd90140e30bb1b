import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type InboundEmail as InboundLog, inboundEmails } from "../../db/schema";
import type { RawBody } from "../raw-body";
import { inFlight, type KeptEmail } from "./keep-and-look-up";

type LogStatus = InboundLog["status"];

/** A kept email's raw body and org, to file it again; undefined when the log has no such row. */
export async function findKeptBody(db: Db, inboundId: string) {
  const [row] = await db
    .select({ text: inboundEmails.rawBody, bytes: inboundEmails.rawBytes, orgId: inboundEmails.orgId })
    .from(inboundEmails)
    .where(eq(inboundEmails.id, inboundId));
  return row;
}

/** Keeps a body that is no email to file, rejected, naming the problem; answers its log row's id. */
export async function keepRejectedBody(db: Db, body: RawBody, error: string): Promise<string> {
  const [row] = await db
    .insert(inboundEmails)
    .values({ rawBody: body.text, rawBytes: body.bytes, status: "rejected", error })
    .returning({ id: inboundEmails.id });
  return row!.id;
}

/** A redelivery's row, kept by an earlier (or concurrent, now committed) delivery. */
export async function findKept(db: Db, postmarkMessageId: string): Promise<KeptEmail | null> {
  const [row] = await db
    .select({
      id: inboundEmails.id,
      status: inboundEmails.status,
      inFlight: sql<boolean>`${inFlight()}`,
      error: inboundEmails.error,
    })
    .from(inboundEmails)
    .where(eq(inboundEmails.postmarkMessageId, postmarkMessageId));
  return row ? { ...row, keptNow: false } : null;
}

/** Marks a kept email that could not be filed `rejected` or `failed`, saying why. */
export async function markNotFiled(
  db: Db,
  inboundId: string,
  outcome: { status: "rejected" | "failed"; error: string; at: Date },
): Promise<void> {
  await db
    .update(inboundEmails)
    .set({ status: outcome.status, error: outcome.error, processedAt: outcome.at })
    .where(eq(inboundEmails.id, inboundId));
}

/** Marks a kept email no inbox took `unrouted`, under the org its address names, if any. */
export async function markUnrouted(
  db: Db,
  inboundId: string,
  input: { orgId: string | null; fileable: LogStatus[]; at: Date },
): Promise<void> {
  await db
    .update(inboundEmails)
    .set({ status: "unrouted", orgId: input.orgId, processedAt: input.at })
    .where(and(eq(inboundEmails.id, inboundId), inArray(inboundEmails.status, input.fileable)));
}
