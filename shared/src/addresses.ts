export type MailAddress = { email: string; name: string };

const ADDRESS_PATTERN = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function normalizeEmail(email: string): string {
  return email.trim().replace(/^<|>$/g, "").toLowerCase();
}

export function isEmail(value: string): boolean {
  return ADDRESS_PATTERN.test(value.trim());
}

/** `support.acme+TOKEN@domain` → `{ base: "support.acme@domain", hash: "TOKEN" }` (lowercased base). */
export function splitPlusAddress(email: string): { base: string; hash: string } {
  const normalized = email.trim();
  const at = normalized.lastIndexOf("@");
  if (at < 0) return { base: normalized.toLowerCase(), hash: "" };
  const local = normalized.slice(0, at);
  const domain = normalized.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus < 0) return { base: normalized.toLowerCase(), hash: "" };
  return { base: `${local.slice(0, plus)}@${domain}`.toLowerCase(), hash: local.slice(plus + 1) };
}

/** Parses `Name <email>`, `"Last, First" <email>` or a bare `email`; null when no address is in it. */
export function parseAddress(value: string): MailAddress | null {
  const trimmed = value.trim();
  const angle = /^(.*?)<([^<>]+)>\s*$/.exec(trimmed);
  const email = (angle ? angle[2] : trimmed)?.trim() ?? "";
  if (!isEmail(email)) return null;
  const name = (angle?.[1] ?? "")
    .trim()
    .replace(/^"(.*)"$/, "$1")
    .trim();
  return { email: email.toLowerCase(), name };
}

/** Parses a list of `Name <email>` strings, skipping entries that hold no address. */
export function parseAddressList(values: readonly string[]): MailAddress[] {
  return values.map(parseAddress).filter((address): address is MailAddress => address !== null);
}
