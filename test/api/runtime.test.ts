import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../api/src/config";
import { inboundEmails, threads } from "../../api/src/db/schema";
import { silentLogger } from "../../api/src/deps";
import { type Service, startService } from "../../api/src/runtime";
import { makeInbox, makeOrg } from "../helpers/factories";
import { inboundPayload } from "../helpers/postmark-payloads";

describe("the inbound sweep of a running service", () => {
  let service: Service;
  beforeAll(async () => {
    service = await startService(testConfig({ PORT: "0", INBOUND_DOMAIN: "tisket.test" }), silentLogger);
  });
  afterAll(() => service?.close());

  it("files, on its own, an email a delivery that died left kept", async () => {
    const { db } = service.deps;
    const org = await makeOrg(db, { slug: "acme" });
    await makeInbox(db, org, { name: "support" });
    const payload = inboundPayload({ subject: `Left behind ${randomUUID()}` });
    // what a delivery that died right after keeping its email leaves
    await db.insert(inboundEmails).values({
      rawBody: JSON.stringify(payload),
      postmarkMessageId: String(payload.MessageID),
      status: "received",
      attempts: 1,
      leaseUntil: sql`now() - interval '1 second'`,
    });
    let status = "received";
    for (const deadline = Date.now() + 30_000; status === "received" && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const [row] = await db
        .select({ status: inboundEmails.status })
        .from(inboundEmails)
        .where(eq(inboundEmails.postmarkMessageId, String(payload.MessageID)));
      status = row!.status;
    }
    expect(status).toBe("filed");
    expect(
      await db
        .select()
        .from(threads)
        .where(eq(threads.subject, String(payload.Subject))),
    ).toHaveLength(1);
  }, 40_000);
});
