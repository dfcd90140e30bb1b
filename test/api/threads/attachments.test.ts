import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { makeAttachment, makeMessage, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { send } from "../admin/send";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

async function threadWithFile(values: Parameters<typeof makeAttachment>[2] = {}) {
  const setup = await makeOrgWithInbox(t.db);
  const thread = await makeThread(t.db, setup.org, setup.inbox);
  const message = await makeMessage(t.db, thread);
  const attachment = await makeAttachment(t.db, message, values);
  return { ...setup, thread, attachment, path: `/threads/THD-${thread.number}/attachments/${attachment.id}` };
}

describe("GET /threads/:ref/attachments/:id", () => {
  it("answers the bytes as a download with a safe name for every mail program", async () => {
    const content = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x10]);
    const { admin, path } = await threadWithFile({
      filename: 'Résumé "final" €.pdf',
      contentType: "application/pdf",
      content,
    });
    const res = await send(t, "GET", path, admin.token);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(content);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-length")).toBe(String(content.byteLength));
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="R_sum_ _final_ _.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22%20%E2%82%AC.pdf`,
    );
  });

  it.each([
    ["text/html; charset=utf-8", "text/html"],
    ["bogus\r\nX-Injected: 1", "application/octet-stream"],
  ])("sends the stored type %j as %s", async (contentType, expected) => {
    const { admin, path } = await threadWithFile({ contentType });
    const res = await send(t, "GET", path, admin.token);
    expect(res.headers.get("content-type")).toBe(expected);
    expect(res.headers.get("x-injected")).toBeNull();
  });

  it("answers 404 for an attachment asked for under another thread of the org", async () => {
    const { org, inbox, admin, attachment } = await threadWithFile();
    const other = await makeThread(t.db, org, inbox);
    const res = await send(
      t,
      "GET",
      `/threads/THD-${other.number}/attachments/${attachment.id}`,
      admin.token,
    );
    expect(res.status).toBe(404);
  });

  it("answers 404 for another org's attachment, even under a ref the caller has", async () => {
    const theirs = await threadWithFile({ content: Buffer.from("their secret") });
    const mine = await makeOrgWithInbox(t.db);
    const myThread = await makeThread(t.db, mine.org, mine.inbox);
    await makeMessage(t.db, myThread);
    for (const path of [theirs.path, `/threads/THD-${myThread.number}/attachments/${theirs.attachment.id}`]) {
      const res = await send(t, "GET", path, mine.admin.token);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("their secret");
    }
  });

  it.each(["not-a-uuid", "00000000-0000-4000-8000-000000000000"])("answers 404 for the id %s", async (id) => {
    const { admin, thread } = await threadWithFile();
    const res = await send(t, "GET", `/threads/THD-${thread.number}/attachments/${id}`, admin.token);
    expect(res.status).toBe(404);
  });
});
