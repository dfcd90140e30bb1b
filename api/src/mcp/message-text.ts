import { compile } from "html-to-text";

/** A message body as an agent reads it: plain text, the quoted earlier mail cut off its end. */
export type MessageText = { text: string; quotedHistoryTrimmed: boolean; truncatedCharacters: number };

/** Longer bodies are cut: an agent's context is better spent on more messages than on one newsletter. */
export const MAX_MESSAGE_CHARACTERS = 20_000;
// HTML beyond this is never read: it would make far more text than is kept anyway
const MAX_HTML_CHARACTERS = 1_000_000;

const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: "img", format: "skip" },
    { selector: "style", format: "skip" },
    { selector: "script", format: "skip" },
    { selector: "title", format: "skip" },
    { selector: "a", options: { hideLinkHrefIfSameAsText: true, ignoreHref: false } },
    // cells side by side, as read; wide enough that a layout table's one column is never wrapped
    {
      selector: "table",
      format: "dataTable",
      options: { uppercaseHeaderCells: false, maxColumnWidth: 2000 },
    },
    ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
});

// mail programs sometimes put markup in the text part; such text is read as HTML too
const MARKUP = /<(?:html|body|div|p|br|table|span|a|img|script|style|font|b|i)\b[^>]*>/i;

/**
 * The body of a message as readable text: HTML turned into text, quotes marked with `>`. The quoted
 * history a reply carries at its end is cut unless `keepHistory` (a thread's first message: what it
 * quotes is nowhere else in the thread) or the message is a forward.
 */
export function messageText(
  message: { html: string; text: string; subject: string },
  { keepHistory }: { keepHistory: boolean },
): MessageText {
  const source = (message.html.trim() || message.text).slice(0, MAX_HTML_CHARACTERS);
  const plain = message.html.trim() || MARKUP.test(message.text) ? htmlToText(source) : source;
  const tidy = tidyText(plain);
  const trimmed = keepHistory || isForward(message.subject) ? null : trimQuotedHistory(tidy);
  const text = trimmed ?? tidy;
  const truncated = Math.max(0, text.length - MAX_MESSAGE_CHARACTERS);
  return {
    text: truncated > 0 ? text.slice(0, MAX_MESSAGE_CHARACTERS) : text,
    quotedHistoryTrimmed: trimmed !== null,
    truncatedCharacters: truncated,
  };
}

function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u200b\ufeff]/g, (char) => (char === "\u00a0" ? " " : ""))
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

// a forwarded mail is the substance of the message, not history to hide
const isForward = (subject: string) => /^\s*(?:fwd?|wg|tr|enc|rv|vb|vl)\s*:/i.test(subject);

const REPLY_VERBS =
  "wrote|writes|schrieb|a écrit|escribió|ha scritto|schreef|escreveu|skrev|kirjoitti|napisał|написал|написала|написал\\(а\\)|yazdı";
// "On Mon, 2 Apr 2012 at 18:26, Megan <m@x> wrote:", "Hocuri schrieb am 17.03.2021 14:25:", …
// (lookarounds, not \b, which knows only ASCII letters)
const ATTRIBUTION = new RegExp(`^(?!>).{0,300}(?<!\\p{L})(?:${REPLY_VERBS})(?!\\p{L})[^\\n]{0,120}:$`, "iu");
// how an attribution that a mail program wrapped onto more lines begins
const ATTRIBUTION_OPENER = /^(?:on|am|le|el|il|op|em|den|på|w dniu)\s/i;
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|originalmeddelande|alkuperäinen viesti)\s*-{2,}$/i;
const HEADER_FROM = /^\*?(?:from|von|de|da|van|från|od|от)\s*:/i;
const HEADER_LINE =
  /^\*?(?:from|von|de|da|van|från|od|от|sent|date|to|cc|subject|gesendet|datum|an|betreff|envoyé|objet|à|enviado|asunto|para|inviato|oggetto|verzonden|onderwerp|aan|skickat|ämne|till)\s*:\*?\s/i;

/**
 * The text before the quoted history that mail programs append to a reply (an attribution line such
 * as "On … wrote:", Outlook's header block, or a trailing run of `>` lines); null when there is
 * none, or when nothing of the sender's own would remain.
 */
export function trimQuotedHistory(text: string): string | null {
  const lines = text.split("\n");
  const start = historyStart(lines);
  if (start === null) return null;
  const own = lines.slice(0, start);
  // the rule Outlook draws above the quoted header goes with it
  while (own.length > 0 && /^[-_=*\s]*$/.test(own.at(-1)!)) own.pop();
  return own.some((line) => line.trim() !== "" && !line.startsWith(">")) ? own.join("\n") : null;
}

function historyStart(lines: string[]): number | null {
  for (let i = 0; i < lines.length; i += 1) {
    if (isAttribution(lines, i) || ORIGINAL_MESSAGE.test(lines[i]!.trim()) || isHeaderBlock(lines, i)) {
      return i;
    }
  }
  return trailingQuoteStart(lines);
}

// an attribution names a date or an address; one that begins "On …" may wrap onto two more lines
function isAttribution(lines: string[], i: number): boolean {
  const first = lines[i]!.trim();
  const spans = ATTRIBUTION_OPENER.test(first) ? 3 : 1;
  for (let span = 1; span <= spans && i + span <= lines.length; span += 1) {
    const part = lines.slice(i, i + span).map((line) => line.trim());
    if (part.some((line) => line === "")) return false;
    const joined = part.join(" ");
    if (ATTRIBUTION.test(joined) && /\d|@/.test(joined)) return true;
  }
  return false;
}

// three header lines within five, one of them "From:": the header of a quoted mail (Outlook, GMX)
function isHeaderBlock(lines: string[], i: number): boolean {
  if (!HEADER_LINE.test(lines[i]!.trim())) return false;
  const block = lines.slice(i, i + 5).map((line) => line.trim());
  return (
    block.filter((line) => HEADER_LINE.test(line)).length >= 3 && block.some((line) => HEADER_FROM.test(line))
  );
}

function trailingQuoteStart(lines: string[]): number | null {
  let i = lines.length - 1;
  while (i >= 0 && lines[i]!.trim() === "") i -= 1;
  let start: number | null = null;
  while (i >= 0 && (lines[i]!.startsWith(">") || lines[i]!.trim() === "")) {
    if (lines[i]!.startsWith(">")) start = i;
    i -= 1;
  }
  return start;
}
