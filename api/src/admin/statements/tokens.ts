import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type ApiToken, apiTokens, members } from "../../db/schema";

/** A token with the address of the member it belongs to. */
export type TokenRow = { token: ApiToken; email: string };

/** The org's tokens, newest first; with `memberId`, only that member's. */
export function listTokenRows(db: Db, orgId: string, memberId?: string): Promise<TokenRow[]> {
  return db
    .select({ token: apiTokens, email: members.email })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .where(and(eq(members.orgId, orgId), memberId ? eq(members.id, memberId) : undefined))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/**
 * Locks the org's token `tokenId` (only the token row) until the transaction ends; with `memberId`,
 * only if it is that member's. Null when there is no such token.
 */
export async function lockToken(
  db: Db,
  orgId: string,
  tokenId: string,
  memberId?: string,
): Promise<TokenRow | null> {
  const [row] = await db
    .select({ token: apiTokens, email: members.email })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .where(
      and(
        eq(apiTokens.id, tokenId),
        eq(members.orgId, orgId),
        memberId ? eq(apiTokens.memberId, memberId) : undefined,
      ),
    )
    .for("update", { of: apiTokens });
  return row ?? null;
}

export async function markTokenRevoked(db: Db, tokenId: string, at: Date): Promise<ApiToken> {
  const [revoked] = await db
    .update(apiTokens)
    .set({ revokedAt: at })
    .where(eq(apiTokens.id, tokenId))
    .returning();
  return revoked!;
}
