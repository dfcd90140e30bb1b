/**
 * Text as Postgres can hold it: text cannot hold NUL, and JSON (jsonb) cannot hold a lone UTF-16
 * surrogate, which JSON.parse happily makes of `"\ud800"`.
 */
export function storableText(value: string): string {
  return wellFormed(value.includes("\u0000") ? value.replaceAll("\u0000", "") : value);
}

/** Whether the text holds anything `storableText` would change. */
export function isStorableText(value: string): boolean {
  return !value.includes("\u0000") && (value as WellFormedString).isWellFormed();
}

// Node 20 has ES2024's well-formed string methods; the project's lib stays ES2023 for the add-ons
type WellFormedString = string & { isWellFormed(): boolean; toWellFormed(): string };

/** Lone surrogates replaced by U+FFFD. */
export function wellFormed(value: string): string {
  return (value as WellFormedString).toWellFormed();
}

/** At most `max` UTF-16 units, never cutting a surrogate pair in half. */
export function cutText(value: string, max: number): string {
  if (value.length <= max) return value;
  const last = value.charCodeAt(max - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** At most `max` UTF-8 bytes, cut at a character boundary. */
export function cutBytes(value: string, max: number): string {
  if (value.length * 3 <= max || Buffer.byteLength(value) <= max) return value;
  // a character cut in half decodes to U+FFFD at the end: drop it
  return Buffer.from(value)
    .subarray(0, max)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
}
