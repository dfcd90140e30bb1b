import { createRemoteJWKSet } from "jose";
import type { Config } from "../config";
import { verifyJwt } from "./jwt";
import { emailClaim, rejected, type TokenVerifier } from "./token-check";

// Google documents both spellings of its issuer
const GOOGLE_ISSUERS = ["https://accounts.google.com", "accounts.google.com"];

export const isGoogleIssuer = (issuer: string) => GOOGLE_ISSUERS.includes(issuer);

/** Checks a Gmail add-on's `ScriptApp.getIdentityToken()` ID token against Google's keys. */
export function createGoogleVerifier(config: Config): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(config.GOOGLE_JWKS_URL));
  const audience = config.GOOGLE_CLIENT_IDS;
  return async (token, now) => {
    if (audience.length === 0) return rejected("not_configured");
    const verified = await verifyJwt(token, keys, { issuer: GOOGLE_ISSUERS, audience, now });
    if (!verified.ok) return verified;
    if (verified.payload.email_verified !== true) return rejected("email_unverified");
    const email = emailClaim(verified.payload.email);
    return email ? { ok: true, email } : rejected("no_email");
  };
}
