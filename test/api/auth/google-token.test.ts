import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fakeClock } from "../../helpers/clock";
import { makeMember, makeOrg } from "../../helpers/factories";
import { bearerHeaders, GENERIC_401, makeAuthTestApp } from "./auth-test-app";
import {
  type JwksServer,
  makeSigningKey,
  type SigningKey,
  signToken,
  startJwksServer,
} from "./fake-identity-provider";

const CLIENT_ID = "1234-gmail-addon.apps.googleusercontent.com";
const clock = fakeClock(new Date("2030-01-01T12:00:00Z"));

let jwks: JwksServer;
let app: Awaited<ReturnType<typeof makeAuthTestApp>>;
let key: SigningKey;

beforeAll(async () => {
  jwks = await startJwksServer();
  key = await makeSigningKey("google-1");
  jwks.publish("/google", [key]);
  app = await makeAuthTestApp({
    clock,
    config: { GOOGLE_JWKS_URL: jwks.url("/google"), GOOGLE_CLIENT_IDS: `other-client, ${CLIENT_ID}` },
  });
});
afterAll(async () => {
  await app?.close();
  await jwks?.close();
});

const googleClaims = (email: string) => ({
  iss: "https://accounts.google.com",
  aud: CLIENT_ID,
  sub: "1098765",
  email,
  email_verified: true,
});

async function member() {
  const org = await makeOrg(app.db);
  return { org, member: await makeMember(app.db, org) };
}

async function expectRejected(token: string, reason: string) {
  const response = await app.request(bearerHeaders(token));
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual(GENERIC_401);
  const row = await app.latestRejection();
  expect(row).toMatchObject({ orgId: null, kind: "token_rejected", detail: { reason } });
  expect(JSON.stringify(row)).not.toContain(token);
}

describe("Google ID tokens", () => {
  it("resolve to the member with that verified email", async () => {
    const { org, member: agent } = await member();
    const token = await signToken(key, googleClaims(agent.email.toUpperCase()), { now: clock.now() });
    const response = await app.request(bearerHeaders(token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: "member",
      memberId: agent.id,
      email: agent.email,
      org: org.slug,
      client: "gmail",
    });
  });

  it("accept the issuer spelled without https://", async () => {
    const { member: agent } = await member();
    const claims = { ...googleClaims(agent.email), iss: "accounts.google.com" };
    const response = await app.request(bearerHeaders(await signToken(key, claims, { now: clock.now() })));
    expect(response.status).toBe(200);
  });

  it("tolerate a few seconds of clock drift but not an expired token", async () => {
    const { member: agent } = await member();
    const justExpired = await signToken(key, googleClaims(agent.email), {
      now: new Date(clock.now().getTime() - 3_610_000),
    });
    expect((await app.request(bearerHeaders(justExpired))).status).toBe(200);
    const expired = await signToken(key, googleClaims(agent.email), {
      now: new Date(clock.now().getTime() - 3_700_000),
    });
    await expectRejected(expired, "expired");
  });

  it("reject a token made for another audience", async () => {
    const { member: agent } = await member();
    const claims = { ...googleClaims(agent.email), aud: "someone-elses-client.apps.googleusercontent.com" };
    await expectRejected(await signToken(key, claims, { now: clock.now() }), "audience");
  });

  it("reject an issuer that only looks like Google", async () => {
    const { member: agent } = await member();
    const claims = { ...googleClaims(agent.email), iss: "https://accounts.google.com.evil.example" };
    await expectRejected(await signToken(key, claims, { now: clock.now() }), "issuer");
  });

  it("reject a token signed by a key Google does not publish", async () => {
    const { member: agent } = await member();
    const stranger = await makeSigningKey("not-published");
    await expectRejected(
      await signToken(stranger, googleClaims(agent.email), { now: clock.now() }),
      "unknown_key",
    );
  });

  it("reject a forged signature under a published key id", async () => {
    const { member: agent } = await member();
    const forger = await makeSigningKey(key.kid);
    await expectRejected(
      await signToken(forger, googleClaims(agent.email), { now: clock.now() }),
      "signature",
    );
  });

  it("reject a token whose payload was altered after signing", async () => {
    const { member: agent } = await member();
    const token = await signToken(key, googleClaims("someone@else.example"), { now: clock.now() });
    const [header, , signature] = token.split(".");
    const payload = Buffer.from(JSON.stringify(googleClaims(agent.email))).toString("base64url");
    await expectRejected(`${header}.${payload}.${signature}`, "signature");
  });

  it("reject an unverified email", async () => {
    const { member: agent } = await member();
    const unverified = { ...googleClaims(agent.email), email_verified: false };
    await expectRejected(await signToken(key, unverified, { now: clock.now() }), "email_unverified");
    const { email_verified: _, ...missing } = googleClaims(agent.email);
    await expectRejected(await signToken(key, missing, { now: clock.now() }), "email_unverified");
  });

  it("reject a valid token of someone who is no member", async () => {
    const token = await signToken(key, googleClaims("stranger@gmail.example"), { now: clock.now() });
    await expectRejected(token, "not_a_member");
  });

  it("reject a token that is not a JWT, and an unsigned one", async () => {
    await expectRejected("not-a-token", "malformed");
    const { member: agent } = await member();
    const header = Buffer.from(JSON.stringify({ alg: "none", kid: key.kid })).toString("base64url");
    const payload = Buffer.from(JSON.stringify(googleClaims(agent.email))).toString("base64url");
    await expectRejected(`${header}.${payload}.`, "algorithm");
  });

  it("pick up a rotated key once the JWKS cooldown has passed, without refetching on every unknown key", async () => {
    const { member: agent } = await member();
    await app.request(bearerHeaders(await signToken(key, googleClaims(agent.email), { now: clock.now() })));
    const rotated = await makeSigningKey("google-2");
    jwks.publish("/google", [key, rotated]);
    const token = await signToken(rotated, googleClaims(agent.email), { now: clock.now() });
    const fetchesBefore = jwks.fetchCount("/google");

    // within jose's cooldown an unknown kid is refused without hammering Google's endpoint
    await expectRejected(token, "unknown_key");
    await expectRejected(token, "unknown_key");
    expect(jwks.fetchCount("/google")).toBe(fetchesBefore);

    const realNow = Date.now();
    vi.spyOn(Date, "now").mockImplementation(() => realNow + 31_000);
    try {
      expect((await app.request(bearerHeaders(token))).status).toBe(200);
      expect(jwks.fetchCount("/google")).toBe(fetchesBefore + 1);
    } finally {
      vi.restoreAllMocks();
    }
  });
});

describe("Google ID tokens on a misconfigured instance", () => {
  it("are refused when no Google client ID is configured", async () => {
    const unconfigured = await makeAuthTestApp({ clock, config: { GOOGLE_JWKS_URL: jwks.url("/google") } });
    try {
      const { email } = await makeMember(unconfigured.db, await makeOrg(unconfigured.db));
      const response = await unconfigured.request(
        bearerHeaders(await signToken(key, googleClaims(email), { now: clock.now() })),
      );
      expect(response.status).toBe(401);
      expect(await unconfigured.latestRejection()).toMatchObject({ detail: { reason: "not_configured" } });
    } finally {
      await unconfigured.close();
    }
  });

  it("answer 503, not 401, when Google's keys cannot be fetched", async () => {
    const broken = await makeAuthTestApp({
      clock,
      config: { GOOGLE_JWKS_URL: jwks.url("/nothing-here"), GOOGLE_CLIENT_IDS: CLIENT_ID },
    });
    try {
      const { email } = await makeMember(broken.db, await makeOrg(broken.db));
      const response = await broken.request(
        bearerHeaders(await signToken(key, googleClaims(email), { now: clock.now() })),
      );
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ error: { code: "unavailable" } });
      expect(await broken.latestRejection()).toBeUndefined();
    } finally {
      await broken.close();
    }
  });
});
