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
