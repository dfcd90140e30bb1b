import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { makeAttachment, makeMessage, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { send } from "../admin/send";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

describe("GET /threads/:ref", () => {
  it("answers the thread with its messages oldest first and their attachments", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox, {
      subject: "Printer on fire",
      clientEmail: "cleo@client.example",
    });
    const first = await makeMessage(t.db, thread, {
      fromName: "Cleo Client",
      to: [{ email: `support.${org.slug}@tisket.test`, name: "" }],
      cc: [{ email: "boss@client.example", name: "Boss" }],
      html: "<p>It burns</p>",
      text: "It burns",
      rfcMessageId: "<first@client.example>",
      createdAt: new Date("2026-01-01T09:00:00Z"),
    });
    const reply = await makeMessage(t.db, thread, {
      direction: "outbound",
      fromEmail: admin.email,
      inReplyTo: "<first@client.example>",
      createdAt: new Date("2026-01-01T10:00:00Z"),
    });
    const photo = await makeAttachment(t.db, first, {
      filename: "fire.jpg",
      contentType: "image/jpeg",
      inline: true,
    });

    const res = await send(t, "GET", `/threads/THD-${thread.number}`, admin.token);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      thread: Record<string, unknown> & { messages: Record<string, unknown>[] };
    };
    expect(body.thread).toMatchObject({ ref: `THD-${thread.number}`, messageCount: 2, history: [] });
    expect(body.thread.messages.map((message) => message.id)).toEqual([first.id, reply.id]);
    expect(body.thread.messages[0]).toEqual({
      id: first.id,
      direction: "inbound",
      from: { email: "cleo@client.example", name: "Cleo Client" },
      to: [{ email: `support.${org.slug}@tisket.test`, name: "" }],
      cc: [{ email: "boss@client.example", name: "Boss" }],
      subject: "Printer on fire",
      html: "<p>It burns</p>",
      text: "It burns",
      messageId: "<first@client.example>",
      inReplyTo: null,
      createdAt: "2026-01-01T09:00:00.000Z",
      attachments: [
        { id: photo.id, filename: "fire.jpg", contentType: "image/jpeg", size: photo.size, inline: true },
      ],
    });
    expect(body.thread.messages[1]).toMatchObject({ direction: "outbound", attachments: [] });
  });

  it("accepts the ref in any case", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    expect((await send(t, "GET", `/threads/thd-${thread.number}`, admin.token)).status).toBe(200);
  });

  it.each(["THD-999", "42", "nonsense", "THD-1x"])("answers 404 for %s", async (ref) => {
    const { admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "GET", `/threads/${ref}`, admin.token);
    expect(res.status).toBe(404);
  });

  it("answers 404 for another org's thread, never 403", async () => {
    const mine = await makeOrgWithInbox(t.db);
    const theirs = await makeOrgWithInbox(t.db);
    const secret = await makeThread(t.db, theirs.org, theirs.inbox, { subject: "Secret" });
    const res = await send(t, "GET", `/threads/THD-${secret.number}`, mine.admin.token);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("Secret");
  });
});
