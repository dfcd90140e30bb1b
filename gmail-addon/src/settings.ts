/** The API address baked in by the build (`PUBLIC_URL`); absent when the modules run unbundled. */
declare const TISKET_PUBLIC_URL: string | undefined;

const TOKEN = "TISKET_TOKEN";
const ORG = "TISKET_ORG";
const API_URL = "TISKET_API_URL";

const trimmed = (value: string | null) => value?.trim() || null;

/** Where the Tisket API is: the script property `TISKET_API_URL` when set, else the build's URL. */
export function apiUrl(): string {
  const override = trimmed(PropertiesService.getScriptProperties().getProperty(API_URL));
  const baked = typeof TISKET_PUBLIC_URL === "string" ? TISKET_PUBLIC_URL : "";
  return (override ?? baked).replace(/\/+$/, "");
}

/** The API token this Gmail user pasted in Settings, if any. */
export function savedToken(): string | null {
  return trimmed(PropertiesService.getUserProperties().getProperty(TOKEN));
}

/** The org slug this user chose, for people who are members of several. */
export function savedOrg(): string | null {
  return trimmed(PropertiesService.getUserProperties().getProperty(ORG));
}

export function saveToken(token: string): void {
  PropertiesService.getUserProperties().setProperty(TOKEN, token.trim());
}

export function clearToken(): void {
  PropertiesService.getUserProperties().deleteProperty(TOKEN);
}

/** An empty slug forgets the choice. */
export function saveOrg(slug: string): void {
  const value = slug.trim().toLowerCase();
  const properties = PropertiesService.getUserProperties();
  if (value) properties.setProperty(ORG, value);
  else properties.deleteProperty(ORG);
}

/** The Gmail user's own address, as Google tells the add-on. */
export function gmailUser(): string {
  return Session.getActiveUser().getEmail().trim().toLowerCase();
}
