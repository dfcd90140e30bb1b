import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const CLIENT_ID = "6f1c2d3e-0000-4000-8000-00000000a11d";
const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const OTHER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const clock = fakeClock(new Date("2030-01-01T12:00:00Z"));

let jwks: JwksServer;
let app: Awaited<ReturnType<typeof makeAuthTestApp>>;
let key: SigningKey;

beforeAll(async () => {
  jwks = await startJwksServer();
  key = await makeSigningKey("entra-1");
  jwks.publish("/microsoft", [key]);
  app = await makeAuthTestApp({
    clock,
    config: { MICROSOFT_JWKS_URL: jwks.url("/microsoft"), MICROSOFT_CLIENT_ID: CLIENT_ID },
  });
});
afterAll(async () => {
  await app?.close();
  await jwks?.close();
});

const entraClaims = (email: string, tenant = TENANT) => ({
  iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
  aud: CLIENT_ID,
  tid: tenant,
  oid: "00000000-0000-0000-66f3-3332eca7ea81",
  ver: "2.0",
  scp: "access_as_user",
  email,
  preferred_username: email,
});

async function member() {
  const org = await makeOrg(app.db);
  return { org, member: await makeMember(app.db, org) };
}

const sign = (claims: Record<string, unknown>, signer = key) =>
  signToken(signer, claims, { now: clock.now() });

async function expectRejected(token: string, reason: string) {
  const response = await app.request(bearerHeaders(token));
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual(GENERIC_401);
  const row = await app.latestRejection();
  expect(row).toMatchObject({ orgId: null, kind: "token_rejected", detail: { reason } });
  expect(JSON.stringify(row)).not.toContain(token);
}

describe("Microsoft Entra access tokens", () => {
  it("resolve to the member named by the email claim", async () => {
    const { org, member: agent } = await member();
    const response = await app.request(bearerHeaders(await sign(entraClaims(agent.email.toUpperCase()))));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: "member",
      memberId: agent.id,
      email: agent.email,
      org: org.slug,
      client: "outlook",
    });
  });

  it("fall back to preferred_username when there is no email claim", async () => {
    const { member: agent } = await member();
    const { email: _, ...claims } = entraClaims(agent.email);
    const response = await app.request(bearerHeaders(await sign(claims)));
    expect(await response.json()).toMatchObject({ memberId: agent.id });
  });

  it("accept the api:// form of the audience and other scopes beside access_as_user", async () => {
    const { member: agent } = await member();
    const claims = {
      ...entraClaims(agent.email),
      aud: `api://${CLIENT_ID}`,
      scp: "Files.Read access_as_user",
    };
    expect((await app.request(bearerHeaders(await sign(claims)))).status).toBe(200);
  });

  it("reject an expired token and one not valid yet", async () => {
    const { member: agent } = await member();
    const expired = await signToken(key, entraClaims(agent.email), {
      now: new Date(clock.now().getTime() - 2 * 3_600_000),
    });
    await expectRejected(expired, "expired");
    const early = Math.floor(clock.now().getTime() / 1000) + 600;
    await expectRejected(await sign({ ...entraClaims(agent.email), nbf: early }), "not_yet_valid");
  });

  it("reject a token for another API", async () => {
    const { member: agent } = await member();
    await expectRejected(await sign({ ...entraClaims(agent.email), aud: "api://someone-else" }), "audience");
  });

  it("reject an issuer whose tenant is not the token's tenant", async () => {
    const { member: agent } = await member();
    const claims = {
      ...entraClaims(agent.email),
      iss: `https://login.microsoftonline.com/${OTHER_TENANT}/v2.0`,
    };
    await expectRejected(await sign(claims), "issuer");
  });

  it("reject v1 and non-Microsoft issuers", async () => {
    const { member: agent } = await member();
    await expectRejected(
      await sign({ ...entraClaims(agent.email), iss: `https://sts.windows.net/${TENANT}/` }),
      "issuer",
    );
    const v1Path = { ...entraClaims(agent.email), iss: `https://login.microsoftonline.com/${TENANT}/` };
    await expectRejected(await sign(v1Path), "issuer");
    await expectRejected(
      await sign({ ...entraClaims(agent.email), iss: "https://evil.example/v2.0" }),
      "issuer",
    );
  });

  it("reject a token without the access_as_user scope", async () => {
    const { member: agent } = await member();
    await expectRejected(await sign({ ...entraClaims(agent.email), scp: "User.Read" }), "scope");
    await expectRejected(await sign({ ...entraClaims(agent.email), scp: "access_as_users" }), "scope");
    const { scp: _, ...appOnly } = entraClaims(agent.email);
    await expectRejected(await sign(appOnly), "scope");
  });

  it("reject an unknown key and a forged signature", async () => {
    const { member: agent } = await member();
    await expectRejected(
      await sign(entraClaims(agent.email), await makeSigningKey("entra-unknown")),
      "unknown_key",
    );
    await expectRejected(await sign(entraClaims(agent.email), await makeSigningKey(key.kid)), "signature");
  });

  it("reject a valid token of someone who is no member", async () => {
    await expectRejected(await sign(entraClaims("nobody@contoso.example")), "not_a_member");
  });

  it("are refused when no Microsoft client ID is configured", async () => {
    const unconfigured = await makeAuthTestApp({
      clock,
      config: { MICROSOFT_JWKS_URL: jwks.url("/microsoft") },
    });
    try {
      const { email } = await makeMember(unconfigured.db, await makeOrg(unconfigured.db));
      expect((await unconfigured.request(bearerHeaders(await sign(entraClaims(email))))).status).toBe(401);
      expect(await unconfigured.latestRejection()).toMatchObject({ detail: { reason: "not_configured" } });
    } finally {
      await unconfigured.close();
    }
  });
});
