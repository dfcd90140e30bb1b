/** Why a bearer token was turned away: kept in the audit log, never sent to the caller. */
export type RejectionReason =
  | "malformed"
  | "expired"
  | "not_yet_valid"
  | "audience"
  | "issuer"
  | "signature"
  | "unknown_key"
  | "algorithm"
  | "claims"
  | "scope"
  | "email_unverified"
  | "no_email"
  | "not_configured"
  | "unknown_api_token"
  | "not_a_member"
  | "wrong_org";

export type Rejected = { ok: false; reason: RejectionReason };

/** What a verified identity token says about its holder: a lowercased email address. */
export type TokenCheck = { ok: true; email: string } | Rejected;

/** Verifies one provider's tokens; throws only when the provider's keys cannot be fetched. */
export type TokenVerifier = (token: string, now: Date) => Promise<TokenCheck>;

export const rejected = (reason: RejectionReason): Rejected => ({ ok: false, reason });

/** A claim's value when it is a non-empty string, lowercased for matching member emails. */
export function emailClaim(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() ? value.trim().toLowerCase() : undefined;
}
