/** What a saved reply may say in `{{…}}`; `{{client.name | there}}` gives a fallback for an empty value. */
export const PLACEHOLDERS = ["client.name", "client.email", "thread.ref", "member.name"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

function parse(inner: string): { key: string; fallback: string } {
  const bar = inner.indexOf("|");
  if (bar < 0) return { key: inner.trim(), fallback: "" };
  return { key: inner.slice(0, bar).trim(), fallback: inner.slice(bar + 1).trim() };
}

const isPlaceholder = (key: string): key is Placeholder => (PLACEHOLDERS as readonly string[]).includes(key);

/** Every `{{…}}` of a body that names no placeholder, as written, each once. */
export function unknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER_PATTERN)) {
    if (!isPlaceholder(parse(match[1]!).key)) unknown.add(match[0]);
  }
  return [...unknown];
}

/** The body with each placeholder filled in; unknown ones (refused when saved) are left as written. */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  return body.replace(PLACEHOLDER_PATTERN, (whole, inner: string) => {
    const { key, fallback } = parse(inner);
    if (!isPlaceholder(key)) return whole;
    return values[key].trim() || fallback;
  });
}

/** Plain text as HTML for a rich-text draft: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  const escaped = text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
  return escaped.replace(/\r?\n/g, "<br>\n");
}
