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

const GOOGLE_CLIENT = "gmail-addon.apps.googleusercontent.com";
const MICROSOFT_CLIENT = "3c7f0e4a-1111-4222-8333-444455556666";
const TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";
const clock = fakeClock(new Date("2030-01-01T12:00:00Z"));

let jwks: JwksServer;
let app: Awaited<ReturnType<typeof makeAuthTestApp>>;
let key: SigningKey;

beforeAll(async () => {
  jwks = await startJwksServer();
  key = await makeSigningKey("shared-test-key");
  jwks.publish("/google", [key]);
  jwks.publish("/microsoft", [key]);
  app = await makeAuthTestApp({
    clock,
    config: {
      GOOGLE_JWKS_URL: jwks.url("/google"),
      GOOGLE_CLIENT_IDS: GOOGLE_CLIENT,
      MICROSOFT_JWKS_URL: jwks.url("/microsoft"),
      MICROSOFT_CLIENT_ID: MICROSOFT_CLIENT,
    },
  });
});
afterAll(async () => {
  await app?.close();
  await jwks?.close();
});

/** One person who is a member of two orgs, plus an org they are not in. */
async function personInTwoOrgs() {
  const email = `consultant-${Math.random().toString(36).slice(2, 8)}@staff.example`;
  const [first, second, unrelated] = [await makeOrg(app.db), await makeOrg(app.db), await makeOrg(app.db)];
  const inFirst = await makeMember(app.db, first, { email });
  const inSecond = await makeMember(app.db, second, { email });
  return { email, first, second, unrelated, inFirst, inSecond };
}

const googleToken = (email: string) =>
  signToken(
    key,
    { iss: "https://accounts.google.com", aud: GOOGLE_CLIENT, email, email_verified: true },
    { now: clock.now() },
  );

const microsoftToken = (email: string) =>
  signToken(
    key,
    {
      iss: `https://login.microsoftonline.com/${TENANT}/v2.0`,
      tid: TENANT,
      aud: MICROSOFT_CLIENT,
      scp: "access_as_user",
      preferred_username: email,
    },
    { now: clock.now() },
  );

describe.each([
  ["Google", googleToken],
  ["Microsoft", microsoftToken],
])("a person in two orgs with a %s token", (_provider, makeToken) => {
  it("is asked to pick an org with X-Tisket-Org", async () => {
    const person = await personInTwoOrgs();
    const response = await app.request(bearerHeaders(await makeToken(person.email)));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("X-Tisket-Org");
  });

  it("acts as the member of the org the header names", async () => {
    const person = await personInTwoOrgs();
    const token = await makeToken(person.email);
    const first = await app.request(bearerHeaders(token, person.first.slug));
    expect(await first.json()).toMatchObject({ memberId: person.inFirst.id, org: person.first.slug });
    const second = await app.request(bearerHeaders(token, person.second.slug));
    expect(await second.json()).toMatchObject({ memberId: person.inSecond.id, org: person.second.slug });
  });

  it("is refused like a stranger for an org they are not in, or one that does not exist", async () => {
    const person = await personInTwoOrgs();
    const token = await makeToken(person.email);
    for (const slug of [person.unrelated.slug, "no-such-org"]) {
      const response = await app.request(bearerHeaders(token, slug));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(GENERIC_401);
      expect(await app.latestRejection()).toMatchObject({ detail: { reason: "wrong_org" } });
    }
  });
});

describe("X-Tisket-Org with one membership", () => {
  it("is optional, and must name that org when sent", async () => {
    const org = await makeOrg(app.db);
    const agent = await makeMember(app.db, org);
    const token = await googleToken(agent.email);
    expect((await app.request(bearerHeaders(token))).status).toBe(200);
    expect((await app.request(bearerHeaders(token, org.slug))).status).toBe(200);
    expect((await app.request(bearerHeaders(token, (await makeOrg(app.db)).slug))).status).toBe(401);
  });
});
