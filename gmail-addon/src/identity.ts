import { savedOrg, savedToken } from "./settings";

/** How a request proves who the Gmail user is: their pasted API token, or Google's ID token. */
export type Credentials = { via: "token" | "google"; token: string };

/** The pasted token when there is one, else Google's identity token; null when Google gave none. */
export function currentCredentials(): Credentials | null {
  const token = savedToken();
  if (token) return { via: "token", token };
  const identity = ScriptApp.getIdentityToken();
  return identity ? { via: "google", token: identity } : null;
}

/**
 * The headers that say who calls: a pasted token says it comes from the Gmail add-on (the API
 * knows it from an identity token itself); a person in several orgs names the one they chose.
 */
export function credentialHeaders(credentials: Credentials, org = savedOrg()): Record<string, string> {
  const headers: Record<string, string> = { Authorization: `Bearer ${credentials.token}` };
  if (credentials.via === "token") headers["X-Tisket-Client"] = "gmail";
  if (org) headers["X-Tisket-Org"] = org;
  return headers;
}

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * The OAuth client Google issues this add-on's identity tokens for (their `aud`): what an admin
 * sets as GOOGLE_CLIENT_IDS on the API. Read from the token itself; nothing is verified here.
 */
export function identityAudience(): string | null {
  const identity = ScriptApp.getIdentityToken();
  const payload = identity?.split(".")[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(payload));
    const audience = typeof claims === "object" && claims !== null ? (claims as { aud?: unknown }).aud : null;
    const first = Array.isArray(audience) ? audience[0] : audience;
    return typeof first === "string" ? first : null;
  } catch {
    return null;
  }
}

// Apps Script has no atob; the claims we read are ASCII, so bytes map to characters one to one
function decodeBase64Url(text: string): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const char of text) {
    const digit = BASE64URL.indexOf(char);
    if (digit < 0) throw new Error("not base64url");
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((value >> bits) & 0xff);
    }
  }
  return out;
}
