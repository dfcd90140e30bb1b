import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimits } from "../../../api/src/db/schema";
import { OPERATOR_TOKEN } from "../../helpers/app";
import { fakeClock } from "../../helpers/clock";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrg } from "../../helpers/factories";
import { bearerHeaders, makeAuthTestApp } from "../auth/auth-test-app";
import { type JwksServer, makeSigningKey, signToken, startJwksServer } from "../auth/fake-identity-provider";

const LIMIT = 100;
const GOOGLE_CLIENT = "gmail-addon.apps.googleusercontent.com";

describe.each(testDrivers)("per-member rate limit on %s", (driver) => {
  // ten seconds into a minute, so a refused request should wait the remaining fifty
  const clock = fakeClock(new Date("2030-01-01T12:00:10Z"));
  let app: Awaited<ReturnType<typeof makeAuthTestApp>>;
  let jwks: JwksServer;
  let googleToken: (email: string) => Promise<string>;

  beforeAll(async () => {
    jwks = await startJwksServer();
    const key = await makeSigningKey("google-rate");
    jwks.publish("/google", [key]);
    googleToken = (email) =>
      signToken(
        key,
        { iss: "https://accounts.google.com", aud: GOOGLE_CLIENT, email, email_verified: true },
        { now: clock.now() },
      );
    app = await makeAuthTestApp({
      clock,
      driver,
      config: { GOOGLE_JWKS_URL: jwks.url("/google"), GOOGLE_CLIENT_IDS: GOOGLE_CLIENT },
    });
  });
  afterAll(async () => {
    await app?.close();
    await jwks?.close();
  });

  async function member() {
    return makeMember(app.db, await makeOrg(app.db));
  }

  async function call(token: string, times: number, path = "/whoami") {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) statuses.push((await app.request(bearerHeaders(token), path)).status);
    return statuses;
  }

  it("answers the 101st request in a minute with 429 and Retry-After, then allows the next minute", async () => {
    clock.set(new Date("2030-01-01T12:00:10Z"));
    const agent = await member();
    expect(await call(agent.token, LIMIT)).toEqual(Array(LIMIT).fill(200));
    const refused = await app.request(bearerHeaders(agent.token));
    expect(refused.status).toBe(429);
    expect(refused.headers.get("Retry-After")).toBe("50");
    expect(await refused.json()).toMatchObject({ error: { code: "rate_limited" } });

    clock.advance(49_000);
    expect((await app.request(bearerHeaders(agent.token))).headers.get("Retry-After")).toBe("1");
    clock.advance(1_000);
    expect((await app.request(bearerHeaders(agent.token))).status).toBe(200);
  });

  it("counts each member separately", async () => {
    clock.set(new Date("2030-01-01T13:00:10Z"));
    const [busy, quiet] = [await member(), await member()];
    await call(busy.token, LIMIT + 1);
    expect((await app.request(bearerHeaders(busy.token))).status).toBe(429);
    expect((await app.request(bearerHeaders(quiet.token))).status).toBe(200);
  });

  it("counts concurrent requests exactly", async () => {
    clock.set(new Date("2030-01-01T14:00:10Z"));
    const agent = await member();
    const responses = await Promise.all(
      Array.from({ length: LIMIT + 10 }, () => app.request(bearerHeaders(agent.token))),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(10);
  });

  it("never limits the operator", async () => {
    clock.set(new Date("2030-01-01T15:00:10Z"));
    expect(new Set(await call(OPERATOR_TOKEN, LIMIT + 5))).toEqual(new Set([200]));
  });

  it("counts a request once when a route stacks rateLimit on authenticate", async () => {
    clock.set(new Date("2030-01-01T16:00:10Z"));
    const agent = await member();
    await call(agent.token, 3, "/stacked");
    const rows = await app.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `member:${agent.id}`));
    expect(rows.map((row) => row.count)).toEqual([3]);
  });

  it("counts a Google token's request once, against the membership it acts as", async () => {
    clock.set(new Date("2030-01-01T16:30:10Z"));
    const email = `consultant-${Math.random().toString(36).slice(2, 8)}@staff.example`;
    const [first, second] = [await makeOrg(app.db), await makeOrg(app.db)];
    const inFirst = await makeMember(app.db, first, { email });
    const inSecond = await makeMember(app.db, second, { email });
    const token = await googleToken(email);
    const countOf = async (memberId: string) => {
      const rows = await app.db
        .select()
        .from(rateLimits)
        .where(eq(rateLimits.key, `member:${memberId}`));
      return rows.map((row) => row.count);
    };

    for (let i = 0; i < 3; i++) {
      expect((await app.request(bearerHeaders(token, second.slug), "/stacked")).status).toBe(200);
    }
    // without X-Tisket-Org the request is refused as ambiguous, and counts for no one
    expect((await app.request(bearerHeaders(token))).status).toBe(400);

    expect(await countOf(inSecond.id)).toEqual([3]);
    expect(await countOf(inFirst.id)).toEqual([]);
  });

  it("refuses an identity token's 101st request in a minute", async () => {
    clock.set(new Date("2030-01-01T16:40:10Z"));
    const agent = await member();
    const token = await googleToken(agent.email);
    expect(new Set(await call(token, LIMIT))).toEqual(new Set([200]));
    expect((await app.request(bearerHeaders(token))).status).toBe(429);
  });

  it("deletes windows a few minutes old now and then", async () => {
    clock.set(new Date("2030-01-01T17:00:10Z"));
    const agent = await member();
    await call(agent.token, 1);
    clock.advance(10 * 60_000);
    await call(agent.token, 1);
    const rows = await app.db
      .select()
      .from(rateLimits)
      .where(eq(rateLimits.key, `member:${agent.id}`));
    expect(rows.map((row) => row.windowStart)).toEqual([new Date("2030-01-01T17:10:00Z")]);
  });
});
