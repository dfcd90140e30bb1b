import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeMember, makeOrg, makeOrgWithInbox } from "../../helpers/factories";
import { type ErrorReply, send } from "./send";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

describe("POST /orgs", () => {
  it("lets the operator create an organization", async () => {
    const res = await send(t, "POST", "/orgs", OPERATOR_TOKEN, { slug: "acme-one", name: "Acme One" });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { org: { slug: string; name: string; createdAt: string } };
    expect(body.org).toMatchObject({ slug: "acme-one", name: "Acme One" });
    expect(Date.parse(body.org.createdAt)).not.toBeNaN();
    const read = await send(t, "GET", "/orgs/acme-one", OPERATOR_TOKEN);
    expect(read.status).toBe(200);
  });

  it("answers 409 for a slug that is taken", async () => {
    await send(t, "POST", "/orgs", OPERATOR_TOKEN, { slug: "twice", name: "One" });
    const res = await send(t, "POST", "/orgs", OPERATOR_TOKEN, { slug: "twice", name: "Two" });
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorReply).error.code).toBe("conflict");
  });

  it.each([
    [{ slug: "Acme Corp", name: "Acme" }, "slug"],
    [{ slug: "-acme", name: "Acme" }, "slug"],
    [{ slug: "acme-x" }, "name"],
    [{ slug: "acme-y", name: "" }, "name"],
  ])("refuses %j naming the field %s", async (body, field) => {
    const res = await send(t, "POST", "/orgs", OPERATOR_TOKEN, body);
    expect(res.status).toBe(400);
    const reply = (await res.json()) as ErrorReply;
    expect(reply.error.code).toBe("bad_request");
    expect(reply.error.message).toMatch(new RegExp(`^${field}:`));
  });

  it("answers 400 to a body that is not JSON", async () => {
    const res = await send(t, "POST", "/orgs", OPERATOR_TOKEN, "{ not json");
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorReply).error.code).toBe("bad_request");
  });

  it("refuses anonymous and unknown callers with 401", async () => {
    expect((await send(t, "POST", "/orgs", null, { slug: "anon", name: "A" })).status).toBe(401);
    expect((await send(t, "POST", "/orgs", "tsk_nope", { slug: "anon", name: "A" })).status).toBe(401);
  });

  it("is the operator's alone: an org admin gets 403", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "POST", "/orgs", admin.token, { slug: "mine-now", name: "Mine" });
    expect(res.status).toBe(403);
  });
});

describe("GET /orgs/:slug", () => {
  it("shows an admin its own organization", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "GET", `/orgs/${org.slug}`, admin.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      org: { slug: org.slug, name: org.name, createdAt: org.createdAt.toISOString() },
    });
  });

  it("answers another org's member 404, the same as for an org that does not exist", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const other = await makeOrg(t.db);
    const existing = await send(t, "GET", `/orgs/${other.slug}`, admin.token);
    const missing = await send(t, "GET", "/orgs/no-such-org", admin.token);
    expect(existing.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(await existing.json()).toEqual(await missing.json());
  });

  it("refuses an agent of the org with 403", async () => {
    const { org } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    expect((await send(t, "GET", `/orgs/${org.slug}`, agent.token)).status).toBe(403);
  });

  it("answers the operator 404 for an org that does not exist", async () => {
    const res = await send(t, "GET", "/orgs/nowhere", OPERATOR_TOKEN);
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorReply).error.message).toBe("organization not found");
  });
});

describe("OpenAPI document", () => {
  it("describes the admin and staff routes from the same schemas", async () => {
    const res = await t.app.request("/api/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/orgs",
        "/api/v1/orgs/{slug}/inboxes/{name}",
        "/api/v1/orgs/{slug}/tokens/{id}",
        "/api/v1/threads",
        "/api/v1/threads/{ref}",
        "/api/v1/threads/{ref}/attachments/{id}",
      ]),
    );
  });
});
