import { randomUUID } from "node:crypto";
import { BENCH_STAFF, INBOX_ADDRESS } from "./bench-constants";

type Recipient = { Email: string; Name: string; MailboxHash: string };

/** An email sent earlier in the run, which later mail may reply to. */
type Sent = { client: string; clientName: string; subject: string; messageId: string; references: string[] };

export type PlannedEmail = { body: string; kind: "new" | "client-reply" | "staff-reply" };

const SUBJECTS = [
  "Invoice 2291 charged twice",
  "Cannot log in after password reset",
  "Export to CSV times out",
  "Question about the annual plan",
  "Printer on fire",
  "Shipping address change for order 88412",
];

// a paragraph of the size real support mail carries; HTML bodies run to a few kilobytes
const PARAGRAPH =
  "Hello, since this morning our team sees the error again when we open the dashboard. We tried another " +
  "browser and cleared the cache, but nothing changed. Could you have a look? It is urgent for our month-end.";

/** A small deterministic generator, so two runs with one seed send the same traffic. */
export function randomFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const recipient = (email: string, name = ""): Recipient => ({ Email: email, Name: name, MailboxHash: "" });

/** Headers as Postmark passes them on: relays, spam verdicts, DKIM, then the threading headers. */
function transportHeaders(from: string, messageId: string): { Name: string; Value: string }[] {
  const host = from.split("@")[1] ?? "client.example";
  return [
    { Name: "Return-Path", Value: `<${from}>` },
    {
      Name: "Received",
      Value: `by p-pm-inboundg02a-aws-euwest1a.inbound.postmarkapp.com (Postfix, from userid 996) id 96B29453CA4; Thu, 30 Oct 2025 04:06:48 +0000 (UTC)`,
    },
    {
      Name: "X-Spam-Checker-Version",
      Value: "SpamAssassin 3.4.0 (2014-02-07) on p-pm-inboundg02a-aws-euwest1a",
    },
    { Name: "X-Spam-Status", Value: "No" },
    { Name: "X-Spam-Score", Value: "0.1" },
    {
      Name: "X-Spam-Tests",
      Value: "DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU,HTML_MESSAGE,SPF_HELO_NONE,SPF_PASS",
    },
    {
      Name: "Received-SPF",
      Value: `pass (${host}: Sender is authorized to use '${from}' in 'mfrom' identity) receiver=p-pm-inboundg02a-aws-euwest1a; identity=mailfrom; envelope-from="${from}"`,
    },
    {
      Name: "DKIM-Signature",
      Value: `v=1; a=rsa-sha256; c=relaxed/relaxed; d=${host}; s=selector1; h=From:Date:Subject:Message-ID:Content-Type:MIME-Version; bh=${"x".repeat(44)}; b=${"A".repeat(340)}`,
    },
    { Name: "MIME-Version", Value: "1.0" },
    { Name: "Content-Type", Value: 'multipart/alternative; boundary="_000_boundary_"' },
    { Name: "Message-ID", Value: messageId },
  ];
}

function payload(input: {
  from: Recipient;
  to: Recipient[];
  cc: Recipient[];
  subject: string;
  messageId: string;
  postmarkId: string;
  inReplyTo?: string;
  references?: string[];
}): string {
  const headers = transportHeaders(input.from.Email, input.messageId);
  if (input.inReplyTo) headers.push({ Name: "In-Reply-To", Value: input.inReplyTo });
  if (input.references?.length) headers.push({ Name: "References", Value: input.references.join(" ") });
  const text = `${PARAGRAPH}\n\n${PARAGRAPH}\n\nBest regards,\n${input.from.Name}`;
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body dir="ltr"><div style="font-family: Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);">${`<p>${PARAGRAPH}</p>`.repeat(6)}<p>Best regards,<br>${input.from.Name}</p></div></body></html>`;
  const original = INBOX_ADDRESS;
  return JSON.stringify({
    FromName: input.from.Name,
    MessageStream: "inbound",
    From: input.from.Email,
    FromFull: input.from,
    To: input.to.map((r) => r.Email).join(", "),
    ToFull: input.to,
    Cc: input.cc.map((r) => r.Email).join(", "),
    CcFull: input.cc,
    Bcc: "",
    BccFull: [],
    OriginalRecipient: original,
    Subject: input.subject,
    MessageID: input.postmarkId,
    ReplyTo: "",
    MailboxHash: "",
    Date: "Thu, 30 Oct 2025 04:06:43 +0000",
    TextBody: text,
    HtmlBody: html,
    StrippedTextReply: "",
    Tag: "",
    Headers: headers,
    Attachments: [],
  });
}

/**
 * Traffic like a busy inbox: mostly new client threads, some replies to earlier mail of the run
 * (`In-Reply-To`/`References`), a fifth of those from staff with the inbox in CC. Every email is
 * unique: its own Postmark MessageID and RFC Message-ID. New threads come from distinct senders so
 * the acknowledgement loop guard never kicks in.
 */
export class EmailTraffic {
  private readonly random: () => number;
  private readonly delivered: Sent[] = [];
  private count = 0;

  constructor(
    private readonly runTag: string,
    seed: number,
    private readonly replyShare: number,
  ) {
    this.random = randomFrom(seed);
  }

  next(): PlannedEmail & { remember(): void } {
    const n = this.count++;
    const earlier = this.delivered.length
      ? this.delivered[Math.floor(this.random() * this.delivered.length)]
      : undefined;
    const messageId = `<${randomUUID()}.${this.runTag}.${n}@mail.client.example>`;
    const postmarkId = randomUUID();
    if (!earlier || this.random() >= this.replyShare) return this.newThread(n, messageId, postmarkId);
    const references = [...earlier.references, earlier.messageId].slice(-10);
    const staff = this.random() < 0.2;
    const from = staff ? recipient(BENCH_STAFF, "Alex Agent") : recipient(earlier.client, earlier.clientName);
    const to = staff ? [recipient(earlier.client, earlier.clientName)] : [recipient(INBOX_ADDRESS)];
    const cc = staff ? [recipient(INBOX_ADDRESS)] : [];
    const subject = `RE: ${earlier.subject}`;
    const body = payload({
      from,
      to,
      cc,
      subject,
      messageId,
      postmarkId,
      inReplyTo: earlier.messageId,
      references,
    });
    const sent = { ...earlier, messageId, references };
    return { body, kind: staff ? "staff-reply" : "client-reply", remember: () => this.delivered.push(sent) };
  }

  private newThread(n: number, messageId: string, postmarkId: string) {
    const client = `client-${this.runTag}-${n}@client.example`;
    const clientName = `Client ${n}`;
    const subject = `${SUBJECTS[n % SUBJECTS.length]} (${n})`;
    const body = payload({
      from: recipient(client, clientName),
      to: [recipient(INBOX_ADDRESS)],
      cc: [],
      subject,
      messageId,
      postmarkId,
    });
    const sent = { client, clientName, subject, messageId, references: [] };
    return { body, kind: "new" as const, remember: () => this.delivered.push(sent) };
  }
}
