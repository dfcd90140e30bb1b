import { createRemoteJWKSet, type JWTPayload } from "jose";
import type { Config } from "../config";
import { verifyJwt } from "./jwt";
import { emailClaim, rejected, type TokenVerifier } from "./token-check";

const MICROSOFT_AUTHORITY = "https://login.microsoftonline.com/";
const REQUIRED_SCOPE = "access_as_user";

/** Any issuer on Microsoft's login host; the exact tenant form is checked after the signature. */
export const isMicrosoftIssuer = (issuer: string) => issuer.startsWith(MICROSOFT_AUTHORITY);

/** Checks an Outlook add-in's Entra v2 access token (nested app auth) against Microsoft's keys. */
export function createMicrosoftVerifier(config: Config): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(config.MICROSOFT_JWKS_URL));
  const clientId = config.MICROSOFT_CLIENT_ID;
  return async (token, now) => {
    if (!clientId) return rejected("not_configured");
    const verified = await verifyJwt(token, keys, { audience: [clientId, `api://${clientId}`], now });
    if (!verified.ok) return verified;
    const { payload } = verified;
    if (!issuedByOwnTenant(payload)) return rejected("issuer");
    if (!hasScope(payload.scp, REQUIRED_SCOPE)) return rejected("scope");
    const email = emailClaim(payload.email) ?? emailClaim(payload.preferred_username);
    return email ? { ok: true, email } : rejected("no_email");
  };
}

// multi-tenant tokens carry their tenant in `tid`; the v2 issuer must name that same tenant
function issuedByOwnTenant(payload: JWTPayload): boolean {
  const tenant = payload.tid;
  return (
    typeof tenant === "string" && tenant !== "" && payload.iss === `${MICROSOFT_AUTHORITY}${tenant}/v2.0`
  );
}

function hasScope(scp: unknown, scope: string): boolean {
  return typeof scp === "string" && scp.split(" ").includes(scope);
}
