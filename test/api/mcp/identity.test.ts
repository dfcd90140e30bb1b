import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { threadHistory } from "../../../api/src/db/schema";
import { fakeClock } from "../../helpers/clock";
import { testDrivers } from "../../helpers/databases";
import { type JwksServer, makeSigningKey, signToken, startJwksServer } from "../auth/fake-identity-provider";
import { type McpWorld, mcpWorld, structured } from "./mcp-world";

const GOOGLE_CLIENT = "gmail-addon.apps.googleusercontent.com";
const LIMIT = 8;

describe.each(testDrivers)("who an MCP caller is, on %s", (driver) => {
  // the middle of a minute that does not pass: the limit counts per minute
  const clock = fakeClock(new Date("2030-01-01T12:00:10Z"));
  let w: McpWorld;
  let jwks: JwksServer;
  let googleToken: (email: string) => Promise<string>;
  beforeAll(async () => {
    jwks = await startJwksServer();
    const key = await makeSigningKey("google-mcp");
    jwks.publish("/google", [key]);
    googleToken = (email) =>
      signToken(
        key,
        { iss: "https://accounts.google.com", aud: GOOGLE_CLIENT, email, email_verified: true },
        { now: clock.now() },
      );
    w = await mcpWorld(driver, {
      clock,
      config: {
        GOOGLE_JWKS_URL: jwks.url("/google"),
        GOOGLE_CLIENT_IDS: GOOGLE_CLIENT,
        RATE_LIMIT_PER_MINUTE: String(LIMIT),
      },
    });
  });
  afterAll(async () => {
    await w?.close();
    await jwks?.close();
  });

  it("accepts a Google identity as the staff API does, and records its changes through mcp", async () => {
    const agent = await w.member({ name: "Gail Google" });
    const client = await w.connect(await googleToken(agent.email));
    const thread = await w.thread();
    const result = await client.callTool({
      name: "update_thread_status",
      arguments: { thread: `THD-${thread.number}`, status: "in_progress" },
    });
    expect(structured(result)).toMatchObject({ changed: true });
    const history = await w.db.select().from(threadHistory).where(eq(threadHistory.threadId, thread.id));
    expect(history).toMatchObject([{ actorId: agent.id, client: "mcp" }]);
  });

  it("counts every POST against the member's per-minute limit: 429 with Retry-After past it", async () => {
    const agent = await w.member();
    const call = () =>
      fetch(`${w.url}/mcp`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${agent.token}`,
          "Content-Type": "application/json",
          Accept: "application/json, text/event-stream",
          "MCP-Protocol-Version": "2025-06-18",
        },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT; i += 1) statuses.push((await call()).status);
    expect(statuses).toEqual(Array(LIMIT).fill(200));
    const refused = await call();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
