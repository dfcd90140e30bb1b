import { and, eq } from "drizzle-orm";
import { findSubjectTag } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { type Thread, threadParticipants } from "../db/schema";
import { threadByMessageIds, threadByNumber } from "../threads/thread-lookup";
import { referencedMessageIds } from "./headers";
import type { InboundEmail } from "./payload";
import { verifyReplyToken } from "./reply-token";

export type ThreadMatch =
  | { kind: "existing"; thread: Thread; by: "token" | "headers" | "tag" }
  | { kind: "new"; quotedThread: Thread | null };

type MatchInput = {
  orgId: string;
  email: InboundEmail;
  mailboxHash: string;
  senderIsMember: boolean;
  secretKey: string;
};

/** Finds the thread an email belongs to, in the order DESIGN.md gives, always within one org. */
export async function matchThread(db: Db, input: MatchInput): Promise<ThreadMatch> {
  const byToken = await threadByReplyToken(db, input);
  if (byToken) return { kind: "existing", thread: byToken, by: "token" };
  const byHeaders = await threadByMessageIds(db, input.orgId, referencedMessageIds(input.email.headers));
  if (byHeaders) return { kind: "existing", thread: byHeaders, by: "headers" };
  const tagNumber = findSubjectTag(input.email.subject);
  if (tagNumber === null) return { kind: "new", quotedThread: null };
  const tagged = await threadByNumber(db, input.orgId, tagNumber);
  if (!tagged) return { kind: "new", quotedThread: null };
  if (input.senderIsMember || (await takesPart(db, tagged, input.email.from.email))) {
    return { kind: "existing", thread: tagged, by: "tag" };
  }
  return { kind: "new", quotedThread: tagged };
}

async function threadByReplyToken(db: Db, input: MatchInput): Promise<Thread | null> {
  if (!input.mailboxHash) return null;
  const threadNumber = verifyReplyToken(input.secretKey, input.orgId, input.mailboxHash);
  return threadNumber === null ? null : threadByNumber(db, input.orgId, threadNumber);
}

/** The client, or an address already on the thread: the only senders a subject tag is trusted from. */
async function takesPart(db: Db, thread: Thread, sender: string): Promise<boolean> {
  if (!sender) return false;
  if (thread.clientEmail === sender) return true;
  const [row] = await db
    .select({ email: threadParticipants.email })
    .from(threadParticipants)
    .where(and(eq(threadParticipants.threadId, thread.id), eq(threadParticipants.email, sender)));
  return row !== undefined;
}
