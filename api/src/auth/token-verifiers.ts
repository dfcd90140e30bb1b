import { decodeJwt } from "jose";
import type { Config } from "../config";
import { createGoogleVerifier, isGoogleIssuer } from "./google-token";
import { createMicrosoftVerifier, isMicrosoftIssuer } from "./microsoft-token";
import type { TokenVerifier } from "./token-check";

export type TokenVerifiers = { google: TokenVerifier; microsoft: TokenVerifier };

/** One verifier per provider, each holding its own cached JWKS. */
export function createTokenVerifiers(config: Config): TokenVerifiers {
  return { google: createGoogleVerifier(config), microsoft: createMicrosoftVerifier(config) };
}

/**
 * The token's claimed issuer, read without checking the signature. It only chooses which verifier
 * runs; that verifier then checks the issuer again on the verified payload.
 */
export function unverifiedIssuer(token: string): string | undefined {
  try {
    const { iss } = decodeJwt(token);
    return typeof iss === "string" ? iss : undefined;
  } catch {
    return undefined;
  }
}

/** The verifier for the issuer, and the add-on whose tokens that issuer signs. */
export function verifierForIssuer(
  verifiers: TokenVerifiers,
  issuer: string,
): { verify: TokenVerifier; client: "gmail" | "outlook" } | undefined {
  if (isGoogleIssuer(issuer)) return { verify: verifiers.google, client: "gmail" };
  if (isMicrosoftIssuer(issuer)) return { verify: verifiers.microsoft, client: "outlook" };
  return undefined;
}
