import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from "jose";
import { type Rejected, type RejectionReason, rejected } from "./token-check";

export type JwtExpectations = { issuer?: string[]; audience: string[]; now: Date };

const sharedChecks = {
  algorithms: ["RS256"],
  // both providers' clocks and ours drift a little; a few seconds must not lock staff out
  clockTolerance: 30,
  // a token without an expiry would be good forever
  requiredClaims: ["exp"],
};

/** Signature, algorithm, expiry, audience (and issuer when fixed): the checks both providers share. */
export async function verifyJwt(
  token: string,
  keys: JWTVerifyGetKey,
  expect: JwtExpectations,
): Promise<{ ok: true; payload: JWTPayload } | Rejected> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      ...sharedChecks,
      ...(expect.issuer ? { issuer: expect.issuer } : {}),
      audience: expect.audience,
      currentDate: expect.now,
    });
    return { ok: true, payload };
  } catch (error) {
    const reason = rejectionReason(error);
    if (!reason) throw error;
    return rejected(reason);
  }
}

/** What was wrong with the token; undefined when the failure is ours (the key set unreachable or unreadable). */
export function rejectionReason(error: unknown): RejectionReason | undefined {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) return claimReason(error.claim);
  if (error instanceof errors.JWSSignatureVerificationFailed) return "signature";
  if (error instanceof errors.JWKSNoMatchingKey) return "unknown_key";
  if (error instanceof errors.JWKSMultipleMatchingKeys) return "unknown_key";
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
    return "algorithm";
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed";
  return undefined;
}

function claimReason(claim: string): RejectionReason {
  if (claim === "aud") return "audience";
  if (claim === "iss") return "issuer";
  if (claim === "nbf") return "not_yet_valid";
  return "claims";
}
