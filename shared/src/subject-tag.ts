// Written without `?:`, `?.` and `??`: the Outlook add-in's event file bundles this, and classic
// Outlook on Windows before Version 2403 runs that file as ES2016 and refuses the conditional operator.

/** `[THD-42]` in a subject: the public thread reference as mail programs carry it. */
const TAG_PATTERN = /\[\s*THD-(\d{1,9})\s*\]/i;
// Reply and forward prefixes in the languages our clients write in, any case, any order.
const PREFIX_PATTERN =
  /^\s*(?:(?:re|aw|sv|vs|antw|odp|res|rif|r|tr|wg|fw|fwd|enc|vb|vl|rv|ynt|atb|回复|转发|答复|返信|転送)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*)+/i;

/** What a thread reference starts with: `THD-42`. */
export const REF_PREFIX = "THD-";

export function formatRef(threadNumber: number): string {
  return `${REF_PREFIX}${threadNumber}`;
}

/** The thread number of a `THD-42` reference, or null when it is not one. */
export function parseRef(ref: string): number | null {
  const match = /^THD-(\d{1,9})$/i.exec(ref.trim());
  if (!match) return null;
  return Number(match[1]);
}

/** The number of the first `[THD-n]` tag in a subject, wherever it stands. */
export function findSubjectTag(subject: string): number | null {
  const match = TAG_PATTERN.exec(subject);
  if (!match) return null;
  return Number(match[1]);
}

/** The subject without reply/forward prefixes and without our tag: what a person would call it. */
export function baseSubject(subject: string): string {
  let rest = subject;
  for (;;) {
    const next = rest.replace(PREFIX_PATTERN, "").replace(TAG_PATTERN, "").replace(/\s+/g, " ").trim();
    if (next === rest) return next;
    rest = next;
  }
}

/** What a thread, or our mail about it, is called when its subject says nothing. */
export const NO_SUBJECT = "(no subject)";

/** The subject trimmed, or `NO_SUBJECT` when that leaves nothing. */
export function subjectOrNone(subject: string): string {
  return subject.trim() || NO_SUBJECT;
}

/** A new thread's subject: what a person would call it, else the subject as written, else `NO_SUBJECT`. */
export function threadSubject(subject: string): string {
  return baseSubject(subject) || subjectOrNone(subject);
}

/** `[THD-n] subject`, keeping a subject that already carries the tag as it is. */
export function tagSubject(subject: string, threadNumber: number): string {
  if (findSubjectTag(subject) === threadNumber) return subject;
  const withoutTag = subject.replace(TAG_PATTERN, "").replace(/\s+/g, " ").trim();
  if (!withoutTag) return `[${formatRef(threadNumber)}]`;
  return `[${formatRef(threadNumber)}] ${withoutTag}`;
}
