import { type AuditActor, recordAudit } from "../audit/record-audit";
import { createApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import type { ApiToken, Org } from "../db/schema";
import { badRequest, notFound } from "../errors";
import { findMember } from "./members";
import { listTokenRows, lockToken, markTokenRevoked } from "./statements/tokens";

export type TokenView = {
  id: string;
  email: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

export type IssuedToken = { token: string; id: string; email: string; label: string };

/** Makes an API token for a member of the org; the token is in the answer once and only hashed after. */
export async function issueToken(
  db: Db,
  org: Org,
  input: { email: string; label?: string | undefined; by: AuditActor },
): Promise<IssuedToken> {
  const label = input.label ?? "";
  return db.transaction(async (tx) => {
    const member = await findMember(tx, org, input.email);
    if (!member) throw badRequest("email: not a member of this organization");
    const { id, token } = await createApiToken(tx, member, label);
    await recordAudit(tx, {
      orgId: org.id,
      kind: "token_created",
      by: input.by,
      target: member.email,
      detail: { email: member.email, tokenId: id },
    });
    return { token, id, email: member.email, label };
  });
}

/** The org's tokens, newest first; with `ofMember`, only that member's. */
export async function listTokens(
  db: Db,
  org: Org,
  filter: { ofMember?: string | undefined } = {},
): Promise<TokenView[]> {
  const rows = await listTokenRows(db, org.id, filter.ofMember);
  return rows.map((row) => toTokenView(row.token, row.email));
}

/**
 * Revokes a token of the org (again is harmless: the first revocation time stays); with `ofMember`,
 * only a token of that member: another's is "not found", as another org's is.
 */
export async function revokeToken(
  db: Db,
  org: Org,
  input: { id: string; by: AuditActor; now: Date; ofMember?: string | undefined },
): Promise<TokenView> {
  if (!isUuid(input.id)) throw notFound("token");
  return db.transaction(async (tx) => {
    const row = await lockToken(tx, org.id, input.id, input.ofMember);
    if (!row) throw notFound("token");
    if (row.token.revokedAt) return toTokenView(row.token, row.email);
    const revoked = await markTokenRevoked(tx, input.id, input.now);
    await recordAudit(tx, {
      orgId: org.id,
      kind: "token_revoked",
      by: input.by,
      target: row.email,
      detail: { email: row.email, tokenId: input.id },
    });
    return toTokenView(revoked, row.email);
  });
}

function toTokenView(token: ApiToken, email: string): TokenView {
  return {
    id: token.id,
    email,
    label: token.label,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
