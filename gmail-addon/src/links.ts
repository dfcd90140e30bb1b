import { apiUrl } from "./settings";

/** Where else the build lets cards link to (`GMAIL_ADDON_LINK_PREFIXES`); absent when run unbundled. */
declare const TISKET_LINK_PREFIXES: string[] | undefined;

/** The thread in the web viewer, on the same server as the API. */
export const threadLink = (ref: string) => `${apiUrl()}/admin/threads/${encodeURIComponent(ref)}`;

export const threadsLink = () => `${apiUrl()}/admin/threads`;

/**
 * A ticket's URL when the card may open it: Gmail opens only https links under the manifest's
 * `openLinkUrlPrefixes`, so any other is shown as text rather than as a link that fails.
 */
export function openableLink(url: string | null): string | null {
  if (!url || !/^https:\/\//i.test(url)) return null;
  const prefixes = typeof TISKET_LINK_PREFIXES === "undefined" ? [] : TISKET_LINK_PREFIXES;
  return prefixes.some((prefix) => url.startsWith(prefix)) ? url : null;
}
