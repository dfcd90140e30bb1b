import { Errors, type Models, ServerClient } from "postmark";
import type { Config } from "../config";
import type { OutboundEmail } from "../db/schema";
import { MailError, type Mailer, type SendOutcome } from "./mailer";

export type PostmarkMailerConfig = Pick<Config, "POSTMARK_API_URL" | "POSTMARK_MESSAGE_STREAM"> & {
  POSTMARK_SERVER_TOKEN: string;
};

export type PostmarkMailerOptions = {
  /** A total deadline per request; it must stay well below the outbox lease (5 minutes). */
  timeoutSeconds?: number;
};

/**
 * Sends through Postmark's batch email API, one request per batch, keeping the Message-ID we minted
 * so replies thread.
 */
export function createPostmarkMailer(
  config: PostmarkMailerConfig,
  options: PostmarkMailerOptions = {},
): Mailer {
  const client = new ServerClient(config.POSTMARK_SERVER_TOKEN, {
    ...postmarkApiLocation(config.POSTMARK_API_URL),
    timeout: options.timeoutSeconds ?? 30,
  });
  return {
    async send(emails) {
      if (emails.length === 0) return [];
      const messages = emails.map((email) => ({
        ...email,
        MessageStream: config.POSTMARK_MESSAGE_STREAM,
        Headers: keepIdHeaders(email),
      }));
      try {
        const responses = await client.sendEmailBatch(messages);
        return emails.map((_, index) => outcomeOf(responses[index]));
      } catch (error) {
        const failure = { ok: false as const, error: toMailError(error) };
        return emails.map(() => failure);
      }
    },
  };
}

// a batch answers 200 with an ErrorCode per message; these codes may pass on a later try
const TRANSIENT_CODES = new Set([10, 100, 429]);

function outcomeOf(response: Models.MessageSendingResponse | undefined): SendOutcome {
  if (!response) {
    return { ok: false, error: new MailError("Postmark's batch answer has no result for this email", false) };
  }
  if (response.ErrorCode === 0) return { ok: true, postmarkMessageId: response.MessageID };
  const message = `Postmark ErrorCode ${response.ErrorCode}: ${response.Message}`.trim();
  return { ok: false, error: new MailError(message, !TRANSIENT_CODES.has(response.ErrorCode)) };
}

/** Where the `postmark` clients send requests: Postmark itself, or `POSTMARK_API_URL` (a local fake). */
export function postmarkApiLocation(apiUrl: string | undefined): { useHttps: boolean; requestHost: string } {
  if (!apiUrl) return { useHttps: true, requestHost: "api.postmarkapp.com" };
  const url = new URL(apiUrl);
  return {
    useHttps: url.protocol === "https:",
    requestHost: `${url.host}${url.pathname.replace(/\/+$/, "")}`,
  };
}

// without X-PM-KeepID Postmark may replace our Message-ID with its own
function keepIdHeaders(email: OutboundEmail): OutboundEmail["Headers"] {
  const present = email.Headers.some((header) => header.Name.toLowerCase() === "x-pm-keepid");
  return present ? email.Headers : [...email.Headers, { Name: "X-PM-KeepID", Value: "true" }];
}

/**
 * A batch request that failed as a whole. 422 means Postmark understood the request and refused
 * it (sender problems, say): sending it again cannot help. 413 likewise. Anything else (401, 429,
 * 5xx, the network, a timeout) may pass on a later try.
 */
export function toMailError(error: unknown): MailError {
  if (!(error instanceof Errors.PostmarkError)) {
    return new MailError(`Postmark client failed: ${describe(error)}`, false);
  }
  if (error.statusCode === 0) return new MailError(`Postmark unreachable: ${error.message}`, false);
  const permanent = error.statusCode === 422 || error.statusCode === 413;
  return new MailError(
    `Postmark HTTP ${error.statusCode}, ErrorCode ${error.code}: ${error.message}`.trim(),
    permanent,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
