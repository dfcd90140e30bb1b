import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentBlobs, attachments } from "../../../api/src/db/schema";
import { bearer } from "../../helpers/app";
import { loadFixture, postInbound } from "../../helpers/postmark-payloads";
import { firstThreadRef, type InboundWorld, inboundWorld } from "./inbound-setup";

const pdf = Buffer.from("%PDF-1.4\n% Tisket test invoice\n%%EOF\n");

describe("attachments of inbound mail", () => {
  let world: InboundWorld;
  beforeAll(async () => {
    world = await inboundWorld();
  });
  afterAll(() => world?.close());

  it("keeps a Gmail reply's inline image with its content id and the German text as sent", async () => {
    const fixture = loadFixture("gmail-reply-german-inline-image.json");
    fixture.HtmlBody = `${String(fixture.HtmlBody)}<img src="cid:ii_luh2h8lg0">`;
    const answer = await postInbound(world.app, fixture);
    expect(answer.body).toMatchObject({ status: "filed" });
    const thread = await world.threadByRef(world.org.id, firstThreadRef(answer.body));
    const [message] = await world.messagesOf(thread!.id);
    expect(message!.text).toContain("Am So., 24. März 2024 um 13:17 Uhr schrieb Max Mustermann");
    const [image] = await world.db.select().from(attachments).where(eq(attachments.messageId, message!.id));
    const content = Buffer.from(String((fixture.Attachments as { Content: string }[])[0]!.Content), "base64");
    expect(image).toMatchObject({
      filename: "Unbenannt.png",
      contentType: "image/png",
      contentId: "ii_luh2h8lg0",
      inline: true,
      size: content.length,
      sha256: createHash("sha256").update(content).digest("hex"),
    });
  });

  it("stores one copy of content sent twice, and serves it back byte for byte", async () => {
    const file = {
      Name: "Rechnung März.pdf",
      Content: pdf.toString("base64"),
      ContentType: "application/pdf",
      ContentID: "",
    };
    const first = await world.send({ subject: "Invoice", attachments: [file] });
    await world.send({ subject: "Invoice again", attachments: [file] });
    const sha256 = createHash("sha256").update(pdf).digest("hex");
    expect(
      await world.db.select().from(attachmentBlobs).where(eq(attachmentBlobs.sha256, sha256)),
    ).toHaveLength(1);
    const rows = await world.db.select().from(attachments).where(eq(attachments.sha256, sha256));
    expect(rows.map((row) => row.inline)).toEqual([false, false]);

    const ref = firstThreadRef(first.body);
    const detail = await world.app.request(`/api/v1/threads/${ref}`, { headers: bearer(world.bob.token) });
    const body = (await detail.json()) as {
      thread: { messages: { attachments: { id: string; filename: string }[] }[] };
    };
    const listed = body.thread.messages[0]!.attachments[0]!;
    expect(listed.filename).toBe("Rechnung März.pdf");
    const download = await world.app.request(`/api/v1/threads/${ref}/attachments/${listed.id}`, {
      headers: bearer(world.bob.token),
    });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });
});
