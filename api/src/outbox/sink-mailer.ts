import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { mailSink } from "../db/schema";
import type { Logger } from "../deps";
import type { Mailer } from "./mailer";

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
      await db.insert(mailSink).values(rows);
      for (const email of emails) log.info(`[mail sink] to ${email.To}: ${email.Subject}`);
      return rows.map((row) => ({ ok: true as const, postmarkMessageId: row.postmarkMessageId }));
    },
  };
}
