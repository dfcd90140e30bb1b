import { and, count, eq, gt, isNull, lt } from "drizzle-orm";
import type { AuditKind } from "../../audit/record-audit";
import type { Db } from "../../db/client";
import { auditLog, signInLinks } from "../../db/schema";

export async function insertSignInLink(db: Db, link: typeof signInLinks.$inferInsert): Promise<void> {
  await db.insert(signInLinks).values(link);
}

export async function deleteSignInLinksExpiredBefore(db: Db, before: Date): Promise<void> {
  await db.delete(signInLinks).where(lt(signInLinks.expiresAt, before));
}

/** How many of an address's links are unused and unexpired at `now`. */
export async function countOpenSignInLinks(db: Db, email: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(signInLinks)
    .where(and(eq(signInLinks.email, email), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)));
  return row?.n ?? 0;
}

/** The address of the unused, unexpired link with this token hash; null when there is none. */
export async function selectOpenSignInLink(db: Db, tokenHash: string, now: Date): Promise<string | null> {
  const [row] = await db
    .select({ email: signInLinks.email })
    .from(signInLinks)
    .where(
      and(eq(signInLinks.tokenHash, tokenHash), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)),
    );
  return row?.email ?? null;
}

/** Marks the open link used in one statement, so of two at once only one gets its address. */
export async function useSignInLink(db: Db, tokenHash: string, now: Date): Promise<string | null> {
  const [row] = await db
    .update(signInLinks)
    .set({ usedAt: now })
    .where(
      and(eq(signInLinks.tokenHash, tokenHash), isNull(signInLinks.usedAt), gt(signInLinks.expiresAt, now)),
    )
    .returning({ email: signInLinks.email });
  return row?.email ?? null;
}

export type SignInEvent = Extract<AuditKind, "signed_in" | "signed_out" | "org_switched">;

/** Records a sign-in change in the org's audit log, as done by that person through the web pages. */
export async function recordSignInEvent(
  db: Db,
  event: { orgId: string; kind: SignInEvent; email: string; detail: Record<string, unknown> },
): Promise<void> {
  await db.insert(auditLog).values({
    orgId: event.orgId,
    kind: event.kind,
    actor: event.email,
    client: "web",
    detail: event.detail,
  });
}
