import type { OutboundEmail } from "../db/schema";

/** How one email fared. */
export type SendOutcome = { ok: true; postmarkMessageId: string } | { ok: false; error: MailError };

/**
 * Sends emails together, in one request where the service allows (Postmark's batch API takes up
 * to 500; the outbox hands over 20 at most). Answers one outcome per email, in order; a failure of
 * the whole request is every email's failure.
 */
export type Mailer = {
  send(emails: OutboundEmail[]): Promise<SendOutcome[]>;
};

/** A failed send; `permanent` errors are not retried (bad address, inactive recipient). */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
