import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../api/src/config";
import { silentLogger } from "../../../api/src/deps";
import { type Service, startService } from "../../../api/src/runtime";
import { OPERATOR_TOKEN, WEBHOOK_AUTH } from "../../helpers/app";
import { openTestDatabase, type TestDatabase, testDrivers } from "../../helpers/databases";
import { type FakePostmark, startFakePostmark } from "../../helpers/fake-postmark";
import { inboundPayload } from "../../helpers/postmark-payloads";
import { openEventStream, viaHttp } from "../events/sse-reader";

const SECRET = "internal-only: the client owes us 300 EUR";

// the real service on a free port: webhook, staff API, event stream and outbox worker over HTTP
describe.each(testDrivers.filter((driver) => driver !== "neon"))(
  "a note with a mention, end to end on %s",
  (driver) => {
    const dataDir = mkdtempSync(join(tmpdir(), "tisket-notes-"));
    let fake: FakePostmark;
    let database: TestDatabase | null = null;
    let service: Service;
    let base = "";

    beforeAll(async () => {
      fake = await startFakePostmark();
      database = driver === "pg" ? await openTestDatabase("pg") : null;
      const config = loadConfig({
        PORT: "0",
        DATABASE_URL: database?.url ?? "memory://",
        DATA_DIR: dataDir,
        INBOUND_DOMAIN: "tisket.test",
        PUBLIC_URL: "https://help.acme.example",
        SECRET_KEY: "s".repeat(32),
        WEBHOOK_USERNAME: "postmark",
        WEBHOOK_PASSWORD: "hook-secret",
        TISKET_ADMIN_TOKEN: OPERATOR_TOKEN,
        POSTMARK_SERVER_TOKEN: fake.token,
        POSTMARK_API_URL: fake.url,
      });
      service = await startService(config, silentLogger);
      base = `http://127.0.0.1:${service.port}`;
    });
    afterAll(async () => {
      await service?.close();
      await database?.close();
      await fake?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    const call = async (method: string, path: string, token: string, body?: unknown) => {
      const res = await fetch(`${base}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    it("emails the mentioned member and streams the note; the client's mail never carries it", async () => {
      await call("POST", "/orgs", OPERATOR_TOKEN, { slug: "acme", name: "Acme" });
      await call("POST", "/orgs/acme/inboxes", OPERATOR_TOKEN, { name: "support" });
      await call("POST", "/orgs/acme/members", OPERATOR_TOKEN, {
        email: "ada@acme.example",
        name: "Ada",
        role: "admin",
      });
      await call("POST", "/orgs/acme/members", OPERATOR_TOKEN, {
        email: "bob@acme.example",
        name: "Bob",
        role: "agent",
      });
      const { body: issued } = await call("POST", "/orgs/acme/tokens", OPERATOR_TOKEN, {
        email: "ada@acme.example",
      });
      const ada = String(issued.token);

      const webhook = await fetch(`${base}/webhooks/postmark/inbound`, {
        method: "POST",
        headers: { Authorization: WEBHOOK_AUTH, "Content-Type": "application/json" },
        body: JSON.stringify(
          inboundPayload({ from: "Cleo <cleo@client.example>", subject: "Invoice twice" }),
        ),
      });
      expect(await webhook.json()).toMatchObject({ status: "filed", threads: ["THD-1"] });

      const stream = await openEventStream(viaHttp(base), "/api/v1/threads/THD-1/events", {
        Authorization: `Bearer ${ada}`,
      });
      try {
        const added = await call("POST", "/threads/THD-1/notes", ada, {
          body: `@bob@acme.example ${SECRET}`,
        });
        expect(added.status).toBe(201);
        expect(await stream.nextEvent()).toMatchObject({
          event: "note",
          data: {
            thread: "THD-1",
            author: { email: "ada@acme.example", name: "Ada" },
            mentions: ["bob@acme.example"],
          },
        });
      } finally {
        await stream.close();
      }

      // the service's first start also files the demo org's sample email, acknowledged from its inbox
      const acmeMail = () => fake.received.filter((email) => !String(email.body.From).includes(".demo@"));
      await expect
        .poll(
          () =>
            acmeMail()
              .map((email) => email.body.To)
              .sort(),
          { timeout: 15_000 },
        )
        .toEqual(["bob@acme.example", "cleo@client.example"]);
      const toBob = acmeMail().find((email) => email.body.To === "bob@acme.example")!;
      expect(toBob.body.TextBody).toContain(SECRET);
      expect(toBob.body.TextBody).toContain("https://help.acme.example/admin/threads/THD-1");
      const toClient = fake.received.filter((email) => email.body.To === "cleo@client.example");
      expect(JSON.stringify(toClient)).not.toContain("300 EUR");
    });
  },
);
