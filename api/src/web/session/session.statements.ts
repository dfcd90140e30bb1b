import { eq, lt, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import {
  type MembershipRow,
  membershipMember as m,
  membershipColumns,
  membershipDecoding,
  membershipOrg as o,
} from "../../auth/auth.statements";
import type { Db } from "../../db/client";
import { type Member, members, type Org, orgs, webSessions } from "../../db/schema";
import { defineStatement, runStatement } from "../../db/statement";

/** A session and the membership it acts as (its columns null until one is chosen). */
export type SessionRow = Partial<MembershipRow> & {
  sessionId: string;
  sessionEmail: string;
  lastSeenAt: Date;
  memberships: number;
};

const s = alias(webSessions, "s");

const sessionStatement = defineStatement<{ tokenHash: string; idleSince: string }, SessionRow>(
  (p) => sql`
    select ${s.id} as "sessionId", ${s.email} as "sessionEmail", ${s.lastSeenAt} as "lastSeenAt",
      (select count(*)::int from ${members} where ${members.email} = ${s.email}) as memberships,
      ${membershipColumns}
    from ${webSessions} ${s}
    left join ${members} ${m} on ${m.id} = ${s.memberId}
    left join ${orgs} ${o} on ${o.id} = ${m.orgId}
    where ${s.tokenHash} = ${p.tokenHash} and ${s.lastSeenAt} > ${p.idleSince}::timestamptz`,
  { ...membershipDecoding, lastSeenAt: webSessions.lastSeenAt },
);

/** The session a token hash names, if it was used after `idleSince`, in one statement. */
export async function selectLiveSession(
  db: Db,
  tokenHash: string,
  idleSince: Date,
): Promise<SessionRow | null> {
  const [row] = await runStatement(db, sessionStatement, { tokenHash, idleSince: idleSince.toISOString() });
  return row ?? null;
}

export async function touchSession(db: Db, sessionId: string, now: Date): Promise<void> {
  await db.update(webSessions).set({ lastSeenAt: now }).where(eq(webSessions.id, sessionId));
}

/** Answers the new session's id. */
export async function insertSession(db: Db, session: typeof webSessions.$inferInsert): Promise<string> {
  const [row] = await db.insert(webSessions).values(session).returning({ id: webSessions.id });
  return row!.id;
}

export async function deleteSessionsIdleSince(db: Db, idleSince: Date): Promise<void> {
  await db.delete(webSessions).where(lt(webSessions.lastSeenAt, idleSince));
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(webSessions).where(eq(webSessions.id, sessionId));
}

export async function setSessionMember(db: Db, sessionId: string, memberId: string): Promise<void> {
  await db.update(webSessions).set({ memberId }).where(eq(webSessions.id, sessionId));
}

/** Every membership of an address, by org name. */
export function selectMemberships(db: Db, email: string): Promise<{ member: Member; org: Org }[]> {
  return db
    .select({ member: members, org: orgs })
    .from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .where(eq(members.email, email))
    .orderBy(orgs.name, orgs.slug);
}
