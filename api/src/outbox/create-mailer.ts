import type { Config } from "../config";
import type { Db } from "../db/client";
import type { Logger } from "../deps";
import type { Mailer } from "./mailer";
import { createPostmarkMailer } from "./postmark-mailer";
import { createSinkMailer } from "./sink-mailer";

/** Postmark when a server token is configured; otherwise the development mail sink. */
export function createMailer(config: Config, db: Db, log: Logger): Mailer {
  const token = config.POSTMARK_SERVER_TOKEN;
  if (token) return createPostmarkMailer({ ...config, POSTMARK_SERVER_TOKEN: token });
  log.info("No POSTMARK_SERVER_TOKEN: outgoing mail goes to the development mail sink");
  return createSinkMailer(db, log);
}
