import { formatRef, parseRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import type { Thread } from "../db/schema";
import { AppError } from "../errors";
import { threadByNumber } from "./statements/threads";

/** The org's thread a `THD-42` reference names; null for another org's or a malformed one. */
export function findThreadByRef(db: Db, orgId: string, ref: string): Promise<Thread | null> {
  const threadNumber = parseRef(ref);
  return threadNumber === null ? Promise.resolve(null) : threadByNumber(db, orgId, threadNumber);
}

/** Like findThreadByRef, for routes: a thread the caller's org does not have is a 404. */
export async function requireThreadByRef(db: Db, orgId: string, ref: string): Promise<Thread> {
  const thread = await findThreadByRef(db, orgId, ref);
  if (!thread) throw threadNotFound(ref);
  return thread;
}

/** "THD-9 not found": the same words whether the thread is another org's or does not exist. */
export function threadNotFound(ref: string): AppError {
  const number = parseRef(ref);
  const name = number === null ? `thread "${ref.trim().slice(0, 40)}"` : formatRef(number);
  return new AppError("not_found", `${name} not found`);
}
