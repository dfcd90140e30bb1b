import type { Db } from "../db/client";
import type { ThreadStatus } from "../db/schema";
import type { InboundEmail } from "./payload";
import { verifyReplyToken } from "./reply-token";
import { findMatch, type MatchedRow } from "./statements/match";

/** The thread an email joins, or the number its new thread gets. */
export type ThreadMatch =
  | { kind: "existing"; threadId: string; number: number; status: ThreadStatus }
  | { kind: "new"; number: number; quotedThreadId: string | null };

type MatchInput = {
  orgId: string;
  email: InboundEmail;
  mailboxHash: string;
  senderIsMember: boolean;
  secretKey: string;
};

/**
 * Finds the thread an email belongs to, in the order DESIGN.md gives, always within one org:
 * the signed reply token, then In-Reply-To/References (closest first), then the subject tag when
 * the sender takes part in that thread. Without a match the same statement takes the org's next
 * thread number, so the acknowledgement can name it before anything is written.
 */
export async function matchThread(db: Db, input: MatchInput): Promise<ThreadMatch> {
  const tokenNumber = input.mailboxHash
    ? verifyReplyToken(input.secretKey, input.orgId, input.mailboxHash)
    : null;
  const row = await findMatch(db, input.email, {
    orgId: input.orgId,
    senderIsMember: input.senderIsMember,
    tokenNumber,
  });
  return toThreadMatch(row)!;
}

/** The match a `matched` row holds; null when no match was looked up for its org. */
export function toThreadMatch(row: MatchedRow): ThreadMatch | null {
  if (row.id && row.number !== null && row.status) {
    return { kind: "existing", threadId: row.id, number: row.number, status: row.status };
  }
  if (row.new_number === null) return null;
  return { kind: "new", number: row.new_number, quotedThreadId: row.quoted_id };
}
