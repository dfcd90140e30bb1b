import type { Config } from "../../config";
import type { OutboundEmail } from "../../db/schema";
import { LOOP_HEADER } from "../../inbound/acknowledge";

/** Where links in mail point: PUBLIC_URL, or this development instance. */
export function publicBase(config: Pick<Config, "PUBLIC_URL" | "PORT">): string {
  return (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, "");
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char]!);

/** The sign-in email: the link, how long it works, and what to do if it was not you. */
export function signInEmail(
  config: Pick<Config, "INBOUND_DOMAIN" | "POSTMARK_MESSAGE_STREAM">,
  input: { to: string; link: string; minutes: number },
): OutboundEmail {
  const text = [
    "Hello,",
    "",
    `Open this link to sign in to Tisket Threads as ${input.to}:`,
    "",
    input.link,
    "",
    `It works once, within ${input.minutes} minutes. If you did not ask to sign in, ignore this email: nobody can sign in without the link.`,
  ].join("\n");
  const html = `<p>Hello,</p><p>Open this link to sign in to Tisket Threads as ${escapeHtml(input.to)}:</p>
<p><a href="${escapeHtml(input.link)}">Sign in to Tisket Threads</a></p>
<p>It works once, within ${input.minutes} minutes. If you did not ask to sign in, ignore this email: nobody can sign in without the link.</p>`;
  return {
    From: `Tisket Threads <sign-in@${config.INBOUND_DOMAIN}>`,
    To: input.to,
    Subject: "Sign in to Tisket Threads",
    TextBody: text,
    HtmlBody: html,
    Headers: [
      { Name: "Auto-Submitted", Value: "auto-generated" },
      { Name: "X-Auto-Response-Suppress", Value: "All" },
      { Name: LOOP_HEADER, Value: config.INBOUND_DOMAIN },
    ],
    MessageStream: config.POSTMARK_MESSAGE_STREAM,
  };
}
