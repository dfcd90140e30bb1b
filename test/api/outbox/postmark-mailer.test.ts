import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { OutboundEmail } from "../../../api/src/db/schema";
import { MailError } from "../../../api/src/outbox/mailer";
import { createPostmarkMailer } from "../../../api/src/outbox/postmark-mailer";
import { type FakePostmark, type FakePostmarkMode, startFakePostmark } from "../../helpers/fake-postmark";

const acknowledgement: OutboundEmail = {
  From: "support.acme@tisket.test",
  To: "client@client.example",
  Subject: "[THD-7] Re: Printer on fire",
  TextBody: "Your request has been received and we'll respond shortly. Reference: THD-7",
  ReplyTo: "support.acme+token@tisket.test",
  Headers: [
    { Name: "Message-ID", Value: "<thd-7.abc@tisket.test>" },
    { Name: "In-Reply-To", Value: "<original@mail.client.example>" },
    { Name: "References", Value: "<original@mail.client.example>" },
    { Name: "Auto-Submitted", Value: "auto-replied" },
    { Name: "X-Auto-Response-Suppress", Value: "All" },
  ],
};

describe("Postmark mailer", () => {
  let fake: FakePostmark;
  const mailerFor = (overrides: { token?: string; url?: string; timeoutSeconds?: number } = {}) =>
    createPostmarkMailer(
      {
        POSTMARK_SERVER_TOKEN: overrides.token ?? fake.token,
        POSTMARK_API_URL: overrides.url ?? fake.url,
        POSTMARK_MESSAGE_STREAM: "acks",
      },
      { timeoutSeconds: overrides.timeoutSeconds ?? 5 },
    );
  const failureOf = async (emails: OutboundEmail[], mailer = mailerFor()) => {
    const outcomes = await mailer.send(emails);
    expect(outcomes).toHaveLength(emails.length);
    const [outcome] = outcomes;
    return outcome && !outcome.ok ? outcome.error : null;
  };

  beforeAll(async () => {
    fake = await startFakePostmark();
  });
  afterAll(() => fake?.close());
  beforeEach(() => {
    fake.mode = "ok";
    fake.received.length = 0;
    fake.inactiveRecipients.clear();
  });

  it("sends with the server token, the configured stream and our threading headers", async () => {
    const [outcome] = await mailerFor().send([acknowledgement]);

    expect(fake.received).toHaveLength(1);
    const [email] = fake.received;
    expect(outcome).toEqual({ ok: true, postmarkMessageId: email!.messageId });
    expect(email!.headers["x-postmark-server-token"]).toBe(fake.token);
    expect(email!.body).toMatchObject({
      From: acknowledgement.From,
      To: acknowledgement.To,
      Subject: acknowledgement.Subject,
      TextBody: acknowledgement.TextBody,
      ReplyTo: acknowledgement.ReplyTo,
      MessageStream: "acks",
    });
    expect(email!.body.Headers).toEqual([...acknowledgement.Headers, { Name: "X-PM-KeepID", Value: "true" }]);
  });

  it("does not add X-PM-KeepID twice", async () => {
    const headers = [...acknowledgement.Headers, { Name: "x-pm-keepid", Value: "true" }];
    await mailerFor().send([{ ...acknowledgement, Headers: headers }]);
    expect(fake.received[0]!.body.Headers).toEqual(headers);
  });

  it("sends a batch in one request and answers for each email in order", async () => {
    const emails = ["a", "b", "c"].map((name) => ({ ...acknowledgement, To: `${name}@client.example` }));
    fake.requestCount = 0;

    const outcomes = await mailerFor().send(emails);

    expect(fake.requestCount).toBe(1);
    expect(fake.received.map((email) => email.body.To)).toEqual(emails.map((email) => email.To));
    expect(outcomes).toEqual(
      fake.received.map((email) => ({ ok: true, postmarkMessageId: email.messageId })),
    );
  });

  it("keeps the rest of a batch when Postmark refuses one email in it", async () => {
    const emails = ["a", "gone", "c"].map((name) => ({ ...acknowledgement, To: `${name}@client.example` }));
    fake.inactiveRecipients.add("gone@client.example");

    const outcomes = await mailerFor().send(emails);

    expect(fake.received.map((email) => email.body.To)).toEqual(["a@client.example", "c@client.example"]);
    expect(outcomes.map((outcome) => outcome.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({
      error: { permanent: true, message: expect.stringMatching(/406.*gone@client\.example/) },
    });
  });

  it.each<[FakePostmarkMode, boolean, RegExp]>([
    ["inactive", true, /ErrorCode 406.*inactive/i],
    ["invalid", true, /ErrorCode 300/],
    ["refused", true, /422.*402/],
    ["down", false, /503/],
  ])("maps a %s answer to a MailError, permanent: %s", async (mode, permanent, message) => {
    fake.mode = mode;
    const error = await failureOf([acknowledgement]);
    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ permanent, message: expect.stringMatching(message) });
    expect(fake.received).toHaveLength(0);
  });

  it("treats a wrong server token as transient: the operator can fix it and nothing is lost", async () => {
    const error = await failureOf([acknowledgement], mailerFor({ token: "wrong-token" }));
    expect(error).toMatchObject({ permanent: false, message: expect.stringMatching(/401/) });
  });

  it("treats a timeout as transient", async () => {
    fake.mode = "hang";
    const error = await failureOf([acknowledgement], mailerFor({ timeoutSeconds: 0.2 }));
    expect(error).toBeInstanceOf(MailError);
    expect(error).toMatchObject({ permanent: false });
  });

  it("treats an unreachable Postmark as transient", async () => {
    const gone = await startFakePostmark();
    await gone.close();
    const error = await failureOf([acknowledgement], mailerFor({ url: gone.url }));
    expect(error).toMatchObject({ permanent: false, message: expect.stringMatching(/unreachable/) });
  });
});
