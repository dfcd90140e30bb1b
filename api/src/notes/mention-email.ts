import { formatRef } from "../../../shared/src/subject-tag";
import type { OutboundEmail } from "../db/schema";
import { LOOP_HEADER } from "../inbound/acknowledge";
import type { Person } from "../threads/summary";

// not an inbox address (`<inbox>.<org>@…`), so a reply to it can never file itself into a thread
const NOTIFICATIONS_LOCAL_PART = "notifications";

export type MentionEmailInput = {
  author: Person;
  orgName: string;
  recipient: string;
  thread: { number: number; subject: string };
  body: string;
  publicUrl: string;
  inboundDomain: string;
};

/**
 * The email a mentioned member gets: the note and a link to the thread. A reply goes to the
 * note's author, and the subject carries no `[THD-n]` tag, so it never joins the client's thread.
 */
export function buildMentionEmail(input: MentionEmailInput): OutboundEmail {
  const ref = formatRef(input.thread.number);
  const who = input.author.name.trim() || input.author.email;
  const link = `${input.publicUrl}/admin/threads/${ref}`;
  return {
    From: `${quoted(`${who} (${input.orgName})`)} <${NOTIFICATIONS_LOCAL_PART}@${input.inboundDomain}>`,
    To: input.recipient,
    ReplyTo: input.author.email,
    Subject: `${who} mentioned you in ${ref}: ${input.thread.subject}`,
    TextBody: `${who} mentioned you in a note on ${ref} "${input.thread.subject}":\n\n${input.body}\n\nOpen the thread: ${link}\n`,
    Headers: [
      { Name: "Auto-Submitted", Value: "auto-generated" },
      { Name: "X-Auto-Response-Suppress", Value: "All" },
      { Name: LOOP_HEADER, Value: input.inboundDomain },
    ],
  };
}

function quoted(name: string): string {
  return `"${name.replace(/["\\\r\n]/g, "")}"`;
}
