import { connect } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig } from "../../api/src/config";
import { silentLogger } from "../../api/src/deps";
import { type Service, startService } from "../../api/src/runtime";
import { WEBHOOK_AUTH } from "../helpers/app";

/** Opens a connection, writes `text` and answers what the server said before it closed it. */
function trickle(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = "";
    const socket = connect({ host: "127.0.0.1", port }, () => socket.write(text));
    socket.on("data", (chunk) => {
      answer += String(chunk);
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
  });
}

describe("the HTTP server's own time limits", () => {
  let service: Service;
  beforeAll(async () => {
    service = await startService(
      testConfig({
        PORT: "0",
        WEBHOOK_USERNAME: "postmark",
        WEBHOOK_PASSWORD: "hook-secret",
        HTTP_HEADERS_TIMEOUT_MS: "300",
        HTTP_REQUEST_TIMEOUT_MS: "600",
        HEALTHZ_TIMEOUT_MS: "300",
      }),
      silentLogger,
    );
  });
  afterAll(() => service?.close());

  it("closes a connection whose headers never finish (slowloris) with 408", async () => {
    const answer = await trickle(service.port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a");
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("closes a connection whose body never finishes with 408", async () => {
    const answer = await trickle(
      service.port,
      `POST /webhooks/postmark/inbound HTTP/1.1\r\nHost: x\r\nAuthorization: ${WEBHOOK_AUTH}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it("answers /healthz with 503 in its time limit while the database is busy, and 200 after", async () => {
    const base = `http://127.0.0.1:${service.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // the embedded database's one connection held by a transaction that does not end yet
    let release = () => {};
    const busy = service.deps.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await new Promise<void>((resolve) => {
        release = resolve;
      });
    });
    const answer = await fetch(`${base}/healthz`);
    release();
    await busy;
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ error: { code: "unavailable" } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
