import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens } from "../../../api/src/db/schema";
import { OPERATOR_TOKEN } from "../../helpers/app";
import { fakeClock } from "../../helpers/clock";
import { makeMember, makeOrg } from "../../helpers/factories";
import { bearerHeaders, GENERIC_401, makeAuthTestApp } from "./auth-test-app";

const clock = fakeClock(new Date("2030-01-01T12:00:00Z"));
let app: Awaited<ReturnType<typeof makeAuthTestApp>>;

beforeAll(async () => {
  app = await makeAuthTestApp({ clock });
});
afterAll(() => app?.close());

async function member() {
  const org = await makeOrg(app.db);
  return { org, agent: await makeMember(app.db, org) };
}

async function lastUsedAt(memberId: string) {
  const [row] = await app.db.select().from(apiTokens).where(eq(apiTokens.memberId, memberId));
  return row?.lastUsedAt ?? null;
}

describe("API tokens", () => {
  it("resolve to their member and org", async () => {
    const { org, agent } = await member();
    const response = await app.request(bearerHeaders(agent.token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: "member",
      memberId: agent.id,
      email: agent.email,
      org: org.slug,
      client: "api",
    });
  });

  it("record their last use at most once a minute", async () => {
    const { agent } = await member();
    expect(await lastUsedAt(agent.id)).toBeNull();
    await app.request(bearerHeaders(agent.token));
    const first = clock.now();
    expect(await lastUsedAt(agent.id)).toEqual(first);
    clock.advance(30_000);
    await app.request(bearerHeaders(agent.token));
    expect(await lastUsedAt(agent.id)).toEqual(first);
    clock.advance(31_000);
    await app.request(bearerHeaders(agent.token));
    expect(await lastUsedAt(agent.id)).toEqual(clock.now());
  });

  it("are refused once revoked, with an audit row and no trace of the token", async () => {
    const { agent } = await member();
    await app.db.update(apiTokens).set({ revokedAt: clock.now() }).where(eq(apiTokens.memberId, agent.id));
    const response = await app.request(bearerHeaders(agent.token));
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toContain("Bearer");
    expect(await response.json()).toEqual(GENERIC_401);
    const row = await app.latestRejection();
    expect(row).toMatchObject({
      orgId: null,
      detail: { reason: "unknown_api_token", issuer: "api_token" },
    });
    expect(JSON.stringify(row)).not.toContain(agent.token);
  });

  it("accept X-Tisket-Org naming their own org and refuse any other", async () => {
    const { org, agent } = await member();
    const other = await makeOrg(app.db);
    expect((await app.request(bearerHeaders(agent.token, org.slug))).status).toBe(200);
    const response = await app.request(bearerHeaders(agent.token, other.slug));
    expect(response.status).toBe(401);
    expect(await app.latestRejection()).toMatchObject({ detail: { reason: "wrong_org" } });
  });

  it("are refused when unknown", async () => {
    const response = await app.request(bearerHeaders("tsk_madeUpTokenThatWasNeverIssued"));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(GENERIC_401);
  });
});

describe("other credentials", () => {
  it("the operator token resolves to the operator, who is not a member", async () => {
    expect(await (await app.request(bearerHeaders(OPERATOR_TOKEN))).json()).toEqual({ kind: "operator" });
    const response = await app.request(bearerHeaders(OPERATOR_TOKEN), "/member-only");
    expect(response.status).toBe(403);
  });

  it("no Authorization header is a 401 without an audit row", async () => {
    const before = await app.latestRejection();
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: "Basic abc" },
      { Authorization: "Bearer" },
    ];
    for (const headers of attempts) {
      const response = await app.request(headers);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(GENERIC_401);
    }
    expect(await app.latestRejection()).toEqual(before);
  });
});
