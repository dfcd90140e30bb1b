import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Hono } from "hono";
import { WEBHOOK_AUTH } from "./app";

type Json = Record<string, unknown>;
type Recipient = { Email: string; Name: string; MailboxHash: string };

/** One of our captured-shape payloads from test/fixtures/postmark, with a fresh Postmark MessageID. */
export function loadFixture(name: string): Json {
  const url = new URL(`../fixtures/postmark/${name}`, import.meta.url);
  return { ...(JSON.parse(readFileSync(url, "utf8")) as Json), MessageID: randomUUID() };
}

function recipient(address: string): Recipient {
  const match = /^(.*?)\s*<([^>]+)>$/.exec(address);
  const email = match ? match[2]! : address;
  const local = email.split("@")[0] ?? "";
  const plus = local.indexOf("+");
  return {
    Email: email,
    Name: match ? match[1]!.replace(/"/g, "") : "",
    MailboxHash: plus >= 0 ? local.slice(plus + 1) : "",
  };
}

export type EmailSpec = {
  from?: string;
  to?: string[];
  cc?: string[];
  bcc?: string[];
  subject?: string;
  text?: string;
  html?: string;
  messageId?: string | null;
  inReplyTo?: string;
  references?: string;
  headers?: { Name: string; Value: string }[];
  attachments?: {
    Name: string;
    Content: string;
    ContentType: string;
    ContentLength?: number;
    ContentID?: string;
  }[];
  originalRecipient?: string;
  postmarkId?: string;
};

/** A Postmark inbound payload in the shape real deliveries have (see test/fixtures/postmark). */
export function inboundPayload(spec: EmailSpec = {}): Json {
  const from = recipient(spec.from ?? "Cleo Client <cleo@client.example>");
  const to = (spec.to ?? ["support.acme@tisket.test"]).map(recipient);
  const cc = (spec.cc ?? []).map(recipient);
  const bcc = (spec.bcc ?? []).map(recipient);
  const messageId = spec.messageId === undefined ? `<${randomUUID()}@mail.client.example>` : spec.messageId;
  const given = new Set((spec.headers ?? []).map((h) => h.Name.toLowerCase()));
  const headers = [
    ...(given.has("return-path") ? [] : [{ Name: "Return-Path", Value: `<${from.Email}>` }]),
    { Name: "X-Spam-Status", Value: "No" },
    { Name: "MIME-Version", Value: "1.0" },
    ...(messageId ? [{ Name: "Message-ID", Value: messageId }] : []),
    ...(spec.inReplyTo ? [{ Name: "In-Reply-To", Value: spec.inReplyTo }] : []),
    ...(spec.references ? [{ Name: "References", Value: spec.references }] : []),
    ...(spec.headers ?? []),
  ];
  const original = spec.originalRecipient ?? (to[0] ?? cc[0] ?? bcc[0])?.Email ?? "";
  return {
    FromName: from.Name,
    MessageStream: "inbound",
    From: from.Email,
    FromFull: from,
    To: to.map((r) => (r.Name ? `"${r.Name}" <${r.Email}>` : r.Email)).join(", "),
    ToFull: to,
    Cc: cc.map((r) => r.Email).join(", "),
    CcFull: cc,
    Bcc: bcc.map((r) => r.Email).join(", "),
    BccFull: bcc,
    OriginalRecipient: original,
    Subject: spec.subject ?? "Printer on fire",
    MessageID: spec.postmarkId ?? randomUUID(),
    ReplyTo: "",
    MailboxHash: recipient(original).MailboxHash,
    Date: "Thu, 30 Oct 2025 04:06:43 +0000",
    TextBody: spec.text ?? "Hello, the printer is on fire.",
    HtmlBody: spec.html ?? "<p>Hello, the printer is on fire.</p>",
    StrippedTextReply: "",
    Tag: "",
    Headers: headers,
    Attachments: spec.attachments ?? [],
  };
}

export type WebhookAnswer = { status: number; body: Json };

/** Posts a payload (object or raw text) to the webhook the way Postmark does. */
export async function postInbound(
  app: Pick<Hono, "request">,
  payload: Json | string,
  auth: string | null = WEBHOOK_AUTH,
): Promise<WebhookAnswer> {
  const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "Postmark" };
  if (auth) headers.Authorization = auth;
  const response = await app.request("/webhooks/postmark/inbound", {
    method: "POST",
    headers,
    body: typeof payload === "string" ? payload : JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Json };
}
