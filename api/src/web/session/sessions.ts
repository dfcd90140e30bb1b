import { randomBytes } from "node:crypto";
import type { MembershipRow } from "../../auth/auth.statements";
import { type Membership, toMembership } from "../../auth/identity";
import { sha256Hex } from "../../auth/secrets";
import type { Db } from "../../db/client";
import {
  deleteSessionsIdleSince,
  insertSession,
  selectLiveSession,
  selectMemberships,
  setSessionMember,
  touchSession,
} from "./session.statements";

/** A session ends after this long without a request. */
export const SESSION_IDLE_MS = 30 * 24 * 3600 * 1000;
// a session's last use is written at most this often, not on every page
const TOUCH_EVERY_MS = 3600 * 1000;

/** A live session as a request sees it. */
export type LoadedSession = {
  id: string;
  /** the random id the cookie holds: CSRF tokens are bound to it */
  token: string;
  /** the person: every membership with this address is theirs to choose from */
  email: string;
  /** the membership the session acts as; null until chosen, or once it was removed */
  membership: Membership | null;
  /** how many orgs the person is a member of now */
  memberships: number;
};

/** The live session a cookie names, with the membership it acts as, in one statement. */
export async function findSession(db: Db, token: string, now: Date): Promise<LoadedSession | null> {
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const row = await selectLiveSession(db, sha256Hex(token), idleSince);
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(db, row.sessionId, now);
  return {
    id: row.sessionId,
    token,
    email: row.sessionEmail,
    membership: row.memberId ? toMembership(row as MembershipRow) : null,
    memberships: row.memberships,
  };
}

/** Starts a session for a person, acting as `memberId` when they have one org; answers the cookie's id. */
export async function startSession(
  db: Db,
  input: { email: string; memberId: string | null; now: Date },
): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString("base64url");
  const id = await insertSession(db, {
    tokenHash: sha256Hex(token),
    email: input.email,
    memberId: input.memberId,
    createdAt: input.now,
    lastSeenAt: input.now,
  });
  // idle sessions are deleted as new ones start: no timer needed
  await deleteSessionsIdleSince(db, new Date(input.now.getTime() - SESSION_IDLE_MS));
  return { id, token };
}

/** Makes the session act as one of its person's memberships; null when that is not theirs. */
export async function chooseSessionOrg(
  db: Db,
  session: Pick<LoadedSession, "id" | "email">,
  slug: string,
): Promise<Membership | null> {
  const membership = (await membershipsOf(db, session.email)).find((found) => found.org.slug === slug);
  if (!membership) return null;
  await setSessionMember(db, session.id, membership.member.id);
  return membership;
}

/** Every org a person (by address) is a member of, by org name. */
export function membershipsOf(db: Db, email: string): Promise<Membership[]> {
  return selectMemberships(db, email.toLowerCase());
}
