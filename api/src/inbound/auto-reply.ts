import { hasHeader, headerValue, type MailHeaders } from "./headers";

const MACHINE_SENDER = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|noreply-[^@]*|bounces?)@/i;
const BULK_PRECEDENCE = /^(bulk|junk|list|auto_reply)$/i;
const AUTO_HEADERS = [
  "x-autoreply",
  "x-autorespond",
  "x-autoresponder",
  "x-auto-response-suppress",
  "x-loop",
  "x-apple-action", // iCloud vacation replies carry only this
];
const LIST_HEADERS = ["list-id", "list-unsubscribe", "list-post", "mailing-list", "x-mailing-list"];

/**
 * Why this email must not get an automatic answer (RFC 3834 and what helpdesks learned), or null.
 * Answering machines answering each other is how mail loops start.
 */
export function automaticMailReason(headers: MailHeaders, sender: string): string | null {
  const autoSubmitted = headerValue(headers, "auto-submitted");
  if (autoSubmitted && autoSubmitted.split(/[;(\s]/)[0]?.toLowerCase() !== "no") {
    return `Auto-Submitted: ${autoSubmitted}`;
  }
  for (const name of ["precedence", "x-precedence"]) {
    const precedence = headerValue(headers, name);
    if (precedence && BULK_PRECEDENCE.test(precedence)) return `${name}: ${precedence}`;
  }
  for (const name of [...AUTO_HEADERS, ...LIST_HEADERS]) {
    if (hasHeader(headers, name)) return `${name} header`;
  }
  const returnPath = headerValue(headers, "return-path");
  if (returnPath !== null && /^<\s*(mailer-daemon)?\s*>$/i.test(returnPath))
    return `Return-Path: ${returnPath}`;
  if (!sender) return "no sender";
  if (MACHINE_SENDER.test(sender)) return `machine sender ${sender}`;
  const contentType = headerValue(headers, "content-type") ?? "";
  if (/multipart\/report/i.test(contentType)) return "delivery report";
  return null;
}
