import type { Inbox, Org } from "../db/schema";

/** Inbox names and org slugs: lowercase letters, digits and hyphens, starting with a letter or digit. */
export const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * The address clients write to: `<inbox>.<org-slug>@<INBOUND_DOMAIN>`; with a plus part (a reply
 * token), `<inbox>.<org-slug>+<plus>@<INBOUND_DOMAIN>`, which reaches the same inbox.
 */
export function inboxAddress(
  inbox: Pick<Inbox, "name">,
  org: Pick<Org, "slug">,
  inboundDomain: string,
  plus?: string,
): string {
  return `${inbox.name}.${org.slug}${plus ? `+${plus}` : ""}@${inboundDomain}`;
}

/** Splits `support.acme@domain` into inbox and org names when the domain is ours. */
export function parseInboxAddress(
  email: string,
  inboundDomain: string,
): { inbox: string; org: string } | null {
  const at = email.lastIndexOf("@");
  if (at < 0 || email.slice(at + 1).toLowerCase() !== inboundDomain) return null;
  const local = email.slice(0, at).toLowerCase();
  const dot = local.indexOf(".");
  if (dot <= 0) return null;
  return { inbox: local.slice(0, dot), org: local.slice(dot + 1) };
}
