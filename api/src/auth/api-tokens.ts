import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { apiTokens, type Member, members, type Org, orgs } from "../db/schema";
import { newApiToken, sha256Hex } from "./secrets";

/** Makes a token for a member; the token is returned once and only its hash is kept. */
export async function createApiToken(
  db: Db,
  member: Member,
  label = "",
): Promise<{ id: string; token: string }> {
  const token = newApiToken();
  const [row] = await db
    .insert(apiTokens)
    .values({ memberId: member.id, tokenHash: sha256Hex(token), label })
    .returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

/** The member and org an API token belongs to, or null for an unknown or revoked token. */
export async function findMemberByApiToken(
  db: Db,
  token: string,
): Promise<{ member: Member; org: Org } | null> {
  const [row] = await db
    .select({ member: members, org: orgs })
    .from(apiTokens)
    .innerJoin(members, eq(members.id, apiTokens.memberId))
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .where(and(eq(apiTokens.tokenHash, sha256Hex(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  return row ?? null;
}
