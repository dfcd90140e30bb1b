import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { mailSink } from "../db/schema";
import type { Logger } from "../deps";
import type { Mailer } from "./mailer";

/** Development mail: kept in the database (for the settings page) and logged, never sent. */
export function createSinkMailer(db: Db, log: Logger): Mailer {
  return {
    async send(email) {
      const postmarkMessageId = randomUUID();
      await db
        .insert(mailSink)
        .values({ recipient: email.To, subject: email.Subject, email, postmarkMessageId });
      log.info(`[mail sink] to ${email.To}: ${email.Subject}`);
      return { postmarkMessageId };
    },
  };
}
