import { randomUUID } from "node:crypto";
import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Org } from "../db/schema";
import type { Deps } from "../deps";
import { badRequest } from "../errors";
import { type IngestResult, ingestInbound } from "../inbound/ingest";
import { rawBodyOf } from "../inbound/raw-body";
import { inboxAddress } from "../inboxes/address";
import { findInboxByName } from "./statements/inboxes";

/** The sender of test emails: a reserved domain (RFC 2606), so nothing can ever reach it. */
export const TEST_SENDER = { email: "test-client@example.com", name: "Test Client" };
export const TEST_SUBJECT = "Test email from the Postmark setup page";

/**
 * Posts a sample email to one of the org's inboxes through the webhook's own pipeline (kept in the
 * inbound log, routed, filed into a new thread) and records who sent it. It is marked
 * `Auto-Submitted`, so it gets no acknowledgement: no mail leaves for the made-up client.
 */
export async function sendTestEmail(
  deps: Pick<Deps, "db" | "config" | "clock" | "log" | "wakeOutbox">,
  org: Org,
  inboxName: string,
  by: AuditActor,
): Promise<IngestResult> {
  const inbox = await findInboxByName(deps.db, org.id, inboxName);
  if (!inbox) throw badRequest(`inbox: no inbox "${inboxName.slice(0, 64)}" in ${org.name}`);
  const to = inboxAddress(inbox, org, deps.config.INBOUND_DOMAIN);
  const payload = testPayload(to, deps.clock.now());
  const result = await ingestInbound(deps, rawBodyOf(JSON.stringify(payload)));
  if (result.status === "filed" && result.acknowledged > 0) deps.wakeOutbox();
  await recordAudit(deps.db, {
    orgId: org.id,
    kind: "test_email_sent",
    by,
    target: inbox.name,
    detail: { status: result.status, ...("threads" in result ? { threads: result.threads } : {}) },
  });
  return result;
}

/** A Postmark inbound payload, as Postmark would post the sample email. */
function testPayload(to: string, now: Date) {
  const id = randomUUID();
  return {
    MessageID: id,
    MessageStream: "inbound",
    From: TEST_SENDER.email,
    FromName: TEST_SENDER.name,
    FromFull: { Email: TEST_SENDER.email, Name: TEST_SENDER.name, MailboxHash: "" },
    To: to,
    ToFull: [{ Email: to, Name: "", MailboxHash: "" }],
    CcFull: [],
    BccFull: [],
    OriginalRecipient: to,
    Subject: TEST_SUBJECT,
    Date: now.toUTCString(),
    MailboxHash: "",
    TextBody: "This is a test email sent from the Postmark setup page. It was filed like any client's email.",
    HtmlBody: "",
    StrippedTextReply: "",
    Headers: [
      { Name: "Message-ID", Value: `<${id}@test.tisket>` },
      { Name: "Auto-Submitted", Value: "auto-generated" },
    ],
    Attachments: [],
  };
}
