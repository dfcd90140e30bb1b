import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, OPERATOR_TOKEN, type TestApp } from "../../helpers/app";
import { makeInbox, makeMember, makeOrgWithInbox } from "../../helpers/factories";
import { type ErrorReply, send } from "./send";

type InboxReply = {
  inbox: {
    name: string;
    address: string;
    customAddress: string | null;
    autoAck: boolean;
    autoAckMessage: string | null;
    createdAt: string;
  };
};

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

async function errorOf(res: Response) {
  return { status: res.status, ...((await res.json()) as ErrorReply).error };
}

describe("POST /orgs/:slug/inboxes", () => {
  it("creates an inbox with its address under our domain", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "POST", `/orgs/${org.slug}/inboxes`, admin.token, { name: "billing" });
    expect(res.status).toBe(201);
    const { inbox } = (await res.json()) as InboxReply;
    expect(inbox).toMatchObject({
      name: "billing",
      address: `billing.${org.slug}@tisket.test`,
      customAddress: null,
      autoAck: true,
      autoAckMessage: null,
    });
  });

  it("takes the acknowledgement settings, and lets the operator act in any org", async () => {
    const { org } = await makeOrgWithInbox(t.db);
    const res = await send(t, "POST", `/orgs/${org.slug}/inboxes`, OPERATOR_TOKEN, {
      name: "sales",
      autoAck: false,
      autoAckMessage: "Thanks, we are on it.",
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as InboxReply).inbox).toMatchObject({
      autoAck: false,
      autoAckMessage: "Thanks, we are on it.",
    });
  });

  it("answers 409 for a name the org already has, while another org may use it", async () => {
    const first = await makeOrgWithInbox(t.db);
    const second = await makeOrgWithInbox(t.db);
    const taken = await send(t, "POST", `/orgs/${first.org.slug}/inboxes`, first.admin.token, {
      name: "support",
    });
    expect(taken.status).toBe(409);
    const free = await send(t, "POST", `/orgs/${second.org.slug}/inboxes`, second.admin.token, {
      name: "help",
    });
    expect(free.status).toBe(201);
  });

  it.each([
    [{ name: "Sup Port" }, "name"],
    [{ name: "a.b" }, "name"],
    [{}, "name"],
    [{ name: "ok", autoAck: "yes" }, "autoAck"],
    [{ name: "ok", autoAckMessage: 3 }, "autoAckMessage"],
  ])("refuses %j naming %s", async (body, field) => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const error = await errorOf(await send(t, "POST", `/orgs/${org.slug}/inboxes`, admin.token, body));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(new RegExp(`^${field}:`));
  });
});

describe("GET /orgs/:slug/inboxes", () => {
  it("lists the org's inboxes only", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    await makeInbox(t.db, org, { name: "billing" });
    await makeOrgWithInbox(t.db);
    const res = await send(t, "GET", `/orgs/${org.slug}/inboxes`, admin.token);
    expect(res.status).toBe(200);
    const { inboxes } = (await res.json()) as { inboxes: InboxReply["inbox"][] };
    expect(inboxes.map((inbox) => inbox.address)).toEqual([
      `billing.${org.slug}@tisket.test`,
      `support.${org.slug}@tisket.test`,
    ]);
  });
});

describe("PATCH /orgs/:slug/inboxes/:name", () => {
  it("changes the acknowledgement and keeps a custom address in lower case", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "PATCH", `/orgs/${org.slug}/inboxes/support`, admin.token, {
      autoAck: false,
      autoAckMessage: "We answer within a day.",
      customAddress: `Help@${org.slug}.Example`,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as InboxReply).inbox).toMatchObject({
      autoAck: false,
      autoAckMessage: "We answer within a day.",
      customAddress: `help@${org.slug}.example`,
    });
    const cleared = await send(t, "PATCH", `/orgs/${org.slug}/inboxes/support`, admin.token, {
      customAddress: null,
      autoAckMessage: null,
    });
    expect(((await cleared.json()) as InboxReply).inbox).toMatchObject({
      autoAck: false,
      customAddress: null,
      autoAckMessage: null,
    });
  });

  it("answers 409 when another org's inbox already has the custom address", async () => {
    const first = await makeOrgWithInbox(t.db);
    const second = await makeOrgWithInbox(t.db);
    const address = `desk@${first.org.slug}.example`;
    await send(t, "PATCH", `/orgs/${first.org.slug}/inboxes/support`, first.admin.token, {
      customAddress: address,
    });
    const res = await send(t, "PATCH", `/orgs/${second.org.slug}/inboxes/support`, second.admin.token, {
      customAddress: address.toUpperCase(),
    });
    expect(res.status).toBe(409);
  });

  it.each([
    [{}, "body"],
    [{ customAddress: "not an address" }, "customAddress"],
    [{ customAddress: "support.other@tisket.test" }, "customAddress"],
    [{ autoAck: null }, "autoAck"],
  ])("refuses %j naming %s", async (body, field) => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const error = await errorOf(
      await send(t, "PATCH", `/orgs/${org.slug}/inboxes/support`, admin.token, body),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(new RegExp(`^${field}:`));
  });

  it("answers 404 for an inbox the org does not have", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const res = await send(t, "PATCH", `/orgs/${org.slug}/inboxes/nope`, admin.token, { autoAck: false });
    expect(res.status).toBe(404);
  });
});

describe("inbox routes and other callers", () => {
  const routes = (slug: string) =>
    [
      ["POST", `/orgs/${slug}/inboxes`, { name: "intruder" }],
      ["GET", `/orgs/${slug}/inboxes`, undefined],
      ["PATCH", `/orgs/${slug}/inboxes/support`, { autoAck: false }],
    ] as const;

  it("refuse an agent of the org with 403", async () => {
    const { org } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    for (const [method, path, body] of routes(org.slug)) {
      expect((await send(t, method, path, agent.token, body)).status).toBe(403);
    }
  });

  it("answer another org's admin 404 and change nothing", async () => {
    const victim = await makeOrgWithInbox(t.db, { autoAck: true });
    const { admin: stranger } = await makeOrgWithInbox(t.db);
    for (const [method, path, body] of routes(victim.org.slug)) {
      const error = await errorOf(await send(t, method, path, stranger.token, body));
      expect(error).toMatchObject({ status: 404, message: "organization not found" });
    }
    const list = await send(t, "GET", `/orgs/${victim.org.slug}/inboxes`, victim.admin.token);
    const { inboxes } = (await list.json()) as { inboxes: InboxReply["inbox"][] };
    expect(inboxes).toEqual([expect.objectContaining({ name: "support", autoAck: true })]);
  });
});
