import type { OutboundEmail } from "../db/schema";

/** Sends one email; throws MailError. */
export type Mailer = {
  send(email: OutboundEmail): Promise<{ postmarkMessageId: string }>;
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
