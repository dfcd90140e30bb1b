import type { Db } from "../db/client";
import type { OutboxEntry } from "../db/schema";
import { selectSinkMail } from "./outbox.statements";

/** What the settings page shows of one email the development sink kept instead of sending. */
export type SinkMail = {
  at: string;
  kind: OutboxEntry["kind"];
  to: string;
  subject: string;
  /** the text body, its first lines, with sign-in links hidden */
  excerpt: string;
};

export const SINK_MAIL_SHOWN = 10;
const EXCERPT_LINES = 12;
export const HIDDEN_LINK = "[sign-in link hidden]";
// a sign-in link signs in whoever opens it: never shown to anyone but the mailbox it went to
const SIGN_IN_LINK = /\bhttps?:\/\/\S*\/admin\/login\/\S+/g;

/**
 * The newest mail the sink kept for the org. The sink serves the whole instance, so only mail the
 * org's own outbox sent is shown (matched by the id the sink handed back), never another org's.
 */
export async function listSinkMail(db: Db, orgId: string): Promise<SinkMail[]> {
  const rows = await selectSinkMail(db, orgId, SINK_MAIL_SHOWN);
  return rows.map((row) => ({
    at: row.at.toISOString(),
    kind: row.kind,
    to: row.to,
    subject: row.subject,
    excerpt: hideSignInLinks(row.email.TextBody.split("\n").slice(0, EXCERPT_LINES).join("\n")),
  }));
}

export function hideSignInLinks(text: string): string {
  return text.replace(SIGN_IN_LINK, HIDDEN_LINK);
}
