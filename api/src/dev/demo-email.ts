import { randomUUID } from "node:crypto";
import type { Config } from "../config";
import { inboxAddress } from "../inboxes/address";
import { DEMO } from "./demo";

/** A sample client email to the demo inbox, as Postmark would post it. */
export function demoEmailPayload(config: Pick<Config, "INBOUND_DOMAIN">): Record<string, unknown> {
  const to = inboxAddress({ name: DEMO.inbox }, { slug: DEMO.slug }, config.INBOUND_DOMAIN);
  return {
    From: "cleo@client.example",
    FromName: "Cleo Client",
    FromFull: { Email: "cleo@client.example", Name: "Cleo Client", MailboxHash: "" },
    To: to,
    ToFull: [{ Email: to, Name: "", MailboxHash: "" }],
    CcFull: [],
    BccFull: [],
    OriginalRecipient: to,
    Subject: "My printer is on fire",
    MessageID: randomUUID(),
    Date: new Date().toUTCString(),
    TextBody: "Hello, my printer is on fire. What should I do?\n\nCleo",
    HtmlBody: "<p>Hello, my printer is on fire. What should I do?</p><p>Cleo</p>",
    Headers: [{ Name: "Message-ID", Value: `<${randomUUID()}@client.example>` }],
    Attachments: [],
  };
}
