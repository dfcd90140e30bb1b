import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import type { Logger } from "../deps";
import type { Mailer } from "./mailer";
import { keepSinkMail } from "./outbox.statements";

/** Development mail: kept in the database (for the settings page) and logged, never sent. */
export function createSinkMailer(db: Db, log: Logger): Mailer {
  return {
    async send(emails) {
      if (emails.length === 0) return [];
      const rows = emails.map((email) => ({
        recipient: email.To,
        subject: email.Subject,
        email,
        postmarkMessageId: randomUUID(),
      }));
      await keepSinkMail(db, rows);
      // the text too: a developer signs in with the link a sign-in email carries
      for (const email of emails) {
        const text = email.TextBody.split("\n")
          .slice(0, 30)
          .map((line) => `    ${line}`);
        log.info(`[mail sink] to ${email.To}: ${email.Subject}\n${text.join("\n")}`);
      }
      return rows.map((row) => ({ ok: true as const, postmarkMessageId: row.postmarkMessageId }));
    },
  };
}
