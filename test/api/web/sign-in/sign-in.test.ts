import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, mailSink, members, outbox, signInLinks, webSessions } from "../../../../api/src/db/schema";
import { deliverDueMail } from "../../../../api/src/outbox/deliver";
import { createSignInLink } from "../../../../api/src/web/sign-in/sign-in-links";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { fakeClock } from "../../../helpers/clock";
import { testDrivers } from "../../../helpers/databases";
import { makeMember, makeOrg, makeOrgWithInbox } from "../../../helpers/factories";
import { linkPath, signedIn, WebClient } from "../../../helpers/web-client";

const clock = fakeClock(new Date("2026-03-02T09:00:00Z"));
let t: TestApp;

describe.each(testDrivers)("the web sign-in on %s", (driver) => {
  beforeAll(async () => {
    clock.set(new Date("2026-03-02T09:00:00Z"));
    t = await makeTestApp({ driver, deps: { clock } });
  });
  afterAll(() => t?.close());

  /** Sends what the outbox holds through the mailer (the development sink) and answers what it kept. */
  async function mailTo(email: string) {
    await deliverDueMail(t.deps);
    return t.db
      .select()
      .from(mailSink)
      .where(eq(mailSink.recipient, email))
      .orderBy(desc(mailSink.createdAt));
  }

  async function askForLink(client: WebClient, email: string) {
    await client.get("/admin/login");
    return client.post("/admin/login", { email });
  }

  describe("signing in by emailed link", () => {
    it("sends a browser without a session to the sign-in page, which asks for the email", async () => {
      const client = new WebClient(t.app);
      const home = await client.get("/admin/threads");
      expect(home.status).toBe(302);
      expect(home.location).toBe("/admin/login");
      const page = await client.get("/admin/login");
      expect(page.status).toBe(200);
      expect(page.html).toContain('<label for="field-email">Email</label>');
      expect(page.html).toContain("Send sign-in link");
      expect(client.cookies.has("tisket_pre")).toBe(true);
    });

    it("mails a member a link through the outbox and answers non-members the very same page", async () => {
      const { admin } = await makeOrgWithInbox(t.db);
      const member = await askForLink(new WebClient(t.app, undefined, "198.51.100.20"), admin.email);
      const stranger = await askForLink(
        new WebClient(t.app, undefined, "198.51.100.21"),
        "nobody@else.example",
      );
      expect(member.status).toBe(200);
      expect(stranger.status).toBe(200);
      const page = (html: string) => html.replace(/[a-z0-9-]+@[a-z0-9.-]+/g, "ADDRESS");
      expect(page(member.html)).toBe(page(stranger.html));
      expect(member.html).toContain("Check your email");

      const [queued] = await t.db.select().from(outbox).where(eq(outbox.recipient, admin.email));
      expect(queued).toMatchObject({ kind: "magic_link", status: "pending", orgId: admin.orgId });
      const [mail] = await mailTo(admin.email);
      expect(mail?.subject).toBe("Sign in to Tisket Threads");
      expect(mail?.email.TextBody).toMatch(/http:\/\/tisket\.test\/admin\/login\/[A-Za-z0-9_-]{43}/);
      expect(mail?.email.HtmlBody).toContain('href="http://tisket.test/admin/login/');
      expect(await mailTo("nobody@else.example")).toEqual([]);
      // only the hash of the token is kept
      const [link] = await t.db.select().from(signInLinks).where(eq(signInLinks.email, admin.email));
      expect(mail?.email.TextBody).not.toContain(link!.tokenHash);
      expect(link!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it("answers a mistyped address again with the message beside the field and the text kept", async () => {
      const client = new WebClient(t.app);
      await client.get("/admin/login");
      const reply = await client.post("/admin/login", { email: "ada at acme" });
      expect(reply.status).toBe(400);
      expect(reply.html).toContain('value="ada at acme"');
      expect(reply.html).toMatch(/aria-invalid="true"[^>]*aria-describedby="[^"]*field-email-error/);
      expect(reply.html).toContain("Enter an email address such as ada@example.com.");
    });

    it("opens a link on a Continue page that signs in only when pressed, once", async () => {
      const { org, admin } = await makeOrgWithInbox(t.db);
      const path = linkPath(await createSignInLink(t.db, t.deps.config, admin.email, clock.now()));
      const scanner = new WebClient(t.app);
      const opened = await scanner.get(path);
      expect(opened.status).toBe(200);
      expect(opened.html).toContain("Continue");
      expect(opened.html).toContain(admin.email);
      expect(await scanner.get(path)).toMatchObject({ status: 200 });

      const person = new WebClient(t.app);
      await person.get(path);
      const done = await person.post(path);
      expect(done.status).toBe(303);
      expect(done.location).toBe("/admin/threads");
      const cookie = done.headers.getSetCookie().find((line) => line.startsWith("tisket_session="))!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).toMatch(/Max-Age=2592000/);
      expect(cookie).not.toMatch(/Secure/);
      const list = await person.get("/admin/threads");
      expect(list.status).toBe(200);
      expect(list.html).toContain(org.name);

      // the token is in no table: only its hash
      const token = cookie.split(";")[0]!.split("=")[1]!;
      const rows = await t.db.select().from(webSessions).where(eq(webSessions.email, admin.email));
      expect(rows.map((row) => row.tokenHash)).not.toContain(token);

      const again = new WebClient(t.app);
      await again.get(path);
      const reused = await again.post(path);
      expect(reused.status).toBe(400);
      expect(reused.html).toContain("This sign-in link does not work");
      expect(reused.html).toContain("Send sign-in link");
      expect(again.cookies.has("tisket_session")).toBe(false);
    });

    it("refuses an expired or a forged link with a page that offers a new one", async () => {
      const { admin } = await makeOrgWithInbox(t.db);
      const path = linkPath(await createSignInLink(t.db, t.deps.config, admin.email, clock.now()));
      clock.advance(15 * 60_000 + 1);
      const client = new WebClient(t.app);
      const expired = await client.get(path);
      expect(expired.status).toBe(400);
      expect(expired.html).toContain("This sign-in link does not work");
      expect((await client.post(path)).status).toBe(400);
      for (const forged of [
        "/admin/login/x",
        `/admin/login/${"A".repeat(43)}`,
        "/admin/login/%3Cscript%3E",
      ]) {
        const reply = await client.get(forged);
        expect(reply.status).toBe(400);
        expect((await client.post(forged)).status).toBe(400);
      }
      expect(client.cookies.has("tisket_session")).toBe(false);
    });

    it("refuses the Continue press without the pre-session token, or from another site (403, no session)", async () => {
      const { admin } = await makeOrgWithInbox(t.db);
      const path = linkPath(await createSignInLink(t.db, t.deps.config, admin.email, clock.now()));
      const client = new WebClient(t.app);
      await client.get(path);
      const token = client.csrf!;
      expect((await client.post(path, { _csrf: "forged" })).status).toBe(403);
      expect((await client.post(path, { _csrf: token }, { Origin: "https://evil.example" })).status).toBe(
        403,
      );
      expect((await client.post(path, { _csrf: token }, { "Sec-Fetch-Site": "cross-site" })).status).toBe(
        403,
      );
      expect(client.cookies.has("tisket_session")).toBe(false);
      // the link was not used up by the refused presses
      expect((await client.post(path, { _csrf: token })).status).toBe(303);
    });

    it("refuses a link request without the form's token, sending nothing", async () => {
      const { admin } = await makeOrgWithInbox(t.db);
      const client = new WebClient(t.app);
      await client.get("/admin/login");
      const reply = await client.post("/admin/login", { email: admin.email, _csrf: "wrong" });
      expect(reply.status).toBe(403);
      expect(reply.html).toContain("This form expired");
      expect(reply.html).toContain(`value="${admin.email}"`);
      expect(await t.db.select().from(outbox).where(eq(outbox.recipient, admin.email))).toEqual([]);
    });

    it("limits link requests per address and per client, allowing an office its ten a minute", async () => {
      clock.set(new Date("2026-03-02T10:00:05Z"));
      const office = new WebClient(t.app, undefined, "203.0.113.50");
      await office.get("/admin/login");
      for (let i = 0; i < 10; i++) {
        expect((await office.post("/admin/login", { email: `person${i}@office.example` })).status).toBe(200);
      }
      for (let i = 10; i < 20; i++) await office.post("/admin/login", { email: `person${i}@office.example` });
      const refused = await office.post("/admin/login", { email: "one-more@office.example" });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(refused.html).toContain("Wait a minute");

      const { admin } = await makeOrgWithInbox(t.db);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const client = new WebClient(t.app, undefined, `203.0.113.${60 + i}`);
        statuses.push((await askForLink(client, admin.email)).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      const stranger: number[] = [];
      for (let i = 0; i < 4; i++) {
        const client = new WebClient(t.app, undefined, `203.0.113.${70 + i}`);
        stranger.push((await askForLink(client, "stranger@else.example")).status);
      }
      expect(stranger).toEqual(statuses);
      clock.advance(60_000);
      const later = new WebClient(t.app, undefined, "203.0.113.80");
      expect((await askForLink(later, admin.email)).status).toBe(200);
    });

    it("marks the session cookie Secure when PUBLIC_URL is https", async () => {
      const secure = await makeTestApp({ config: { PUBLIC_URL: "https://desk.example" } });
      try {
        const { admin } = await makeOrgWithInbox(secure.db);
        const client = new WebClient(secure.app, "https://desk.example");
        const path = linkPath(await createSignInLink(secure.db, secure.deps.config, admin.email, new Date()));
        await client.get(path);
        const done = await client.post(path);
        const cookie = done.headers.getSetCookie().find((line) => line.startsWith("tisket_session="))!;
        expect(cookie).toMatch(/; Secure/);
      } finally {
        await secure.close();
      }
    });
  });

  describe("a signed-in session", () => {
    it("records sign-in and sign-out in the org's audit log as done through the web", async () => {
      const { org, admin } = await makeOrgWithInbox(t.db);
      const client = await signedIn(t, admin.email, "192.0.2.44");
      await client.get("/admin/threads");
      const out = await client.post("/admin/logout");
      expect(out.status).toBe(303);
      expect(out.location).toBe("/admin/login");
      expect(client.cookies.has("tisket_session")).toBe(false);
      expect((await client.get("/admin/threads")).location).toBe("/admin/login");
      const entries = await t.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
      expect(entries.map((entry) => [entry.kind, entry.actor, entry.client, entry.detail])).toEqual([
        ["signed_in", admin.email, "web", { ip: "192.0.2.44" }],
        ["signed_out", admin.email, "web", { ip: "192.0.2.44" }],
      ]);
      expect(await t.db.select().from(webSessions).where(eq(webSessions.email, admin.email))).toEqual([]);
    });

    it("refuses Sign out without the session's token: the session stays", async () => {
      const { admin } = await makeOrgWithInbox(t.db);
      const client = await signedIn(t, admin.email);
      await client.get("/admin/threads");
      expect((await client.post("/admin/logout", { _csrf: "stale" })).status).toBe(403);
      expect((await client.post("/admin/logout", {}, { Origin: "https://evil.example" })).status).toBe(403);
      expect((await client.get("/admin/threads")).status).toBe(200);
    });

    it("ends after 30 days without a request, and lives on while used", async () => {
      const { admin } = await makeOrgWithInbox(t.db);
      const client = await signedIn(t, admin.email);
      clock.advance(29 * 24 * 3600_000);
      expect((await client.get("/admin/threads")).status).toBe(200);
      clock.advance(29 * 24 * 3600_000);
      expect((await client.get("/admin/threads")).status).toBe(200);
      clock.advance(30 * 24 * 3600_000 + 1000);
      const ended = await client.get("/admin/threads");
      expect(ended.location).toBe("/admin/login");
      expect(client.cookies.has("tisket_session")).toBe(false);
    });

    it("ends at the next request once its member is removed", async () => {
      const { org } = await makeOrgWithInbox(t.db);
      const agent = await makeMember(t.db, org, { email: "leaving@staff.example" });
      const client = await signedIn(t, agent.email);
      expect((await client.get("/admin/threads")).status).toBe(200);
      await t.db.delete(members).where(eq(members.id, agent.id));
      const next = await client.get("/admin/threads");
      expect(next.status).toBe(302);
      expect(next.location).toBe("/admin/login");
      expect(client.cookies.has("tisket_session")).toBe(false);
      expect(await t.db.select().from(webSessions).where(eq(webSessions.email, agent.email))).toEqual([]);
      expect((await client.get("/admin/login")).html).toContain("no longer a member of any organization");
    });

    it("lets a person in several orgs choose one, and switch, each an audit entry", async () => {
      const first = await makeOrg(t.db, { name: "Alpha Ltd" });
      const second = await makeOrg(t.db, { name: "Beta GmbH" });
      await makeMember(t.db, first, { email: "both@staff.example", role: "admin" });
      await makeMember(t.db, second, { email: "both@staff.example", role: "agent" });
      const client = new WebClient(t.app);
      const path = linkPath(await createSignInLink(t.db, t.deps.config, "both@staff.example", clock.now()));
      await client.get(path);
      const done = await client.post(path);
      expect(done.location).toBe("/admin/orgs");
      expect((await client.get("/admin/threads")).location).toBe("/admin/orgs");
      const choice = await client.get("/admin/orgs");
      expect(choice.html).toContain("Open Alpha Ltd");
      expect(choice.html).toContain("Open Beta GmbH");

      expect((await client.post("/admin/orgs", { org: second.slug })).location).toBe("/admin/threads");
      const inBeta = await client.get("/admin/threads");
      expect(inBeta.html).toContain("Beta GmbH");
      expect(inBeta.html).toContain("Switch organization");
      await client.get("/admin/orgs");
      await client.post("/admin/orgs", { org: first.slug });
      expect((await client.get("/admin/threads")).html).toContain("Alpha Ltd");

      const stranger = await makeOrg(t.db, { name: "Gamma" });
      await client.get("/admin/orgs");
      expect((await client.post("/admin/orgs", { org: stranger.slug })).location).toBe("/admin/orgs");
      expect((await client.get("/admin/threads")).html).toContain("Alpha Ltd");

      const kinds = async (orgId: string) =>
        (
          await t.db
            .select()
            .from(auditLog)
            .where(and(eq(auditLog.orgId, orgId)))
        ).map((e) => [e.kind, e.client]);
      expect(await kinds(second.id)).toEqual([["signed_in", "web"]]);
      expect(await kinds(first.id)).toEqual([["org_switched", "web"]]);
      expect(await kinds(stranger.id)).toEqual([]);
    });

    it("ends the session a browser had when it signs in as someone else", async () => {
      const { org, admin } = await makeOrgWithInbox(t.db);
      const agent = await makeMember(t.db, org);
      const client = await signedIn(t, admin.email);
      const path = linkPath(await createSignInLink(t.db, t.deps.config, agent.email, clock.now()));
      await client.get(path);
      expect((await client.post(path)).status).toBe(303);
      expect(await t.db.select().from(webSessions).where(eq(webSessions.email, admin.email))).toEqual([]);
      expect((await client.get("/admin/threads")).html).toContain(agent.name);
    });

    it("shows a person with no org left a page that says so, and starts no session", async () => {
      const org = await makeOrg(t.db);
      const gone = await makeMember(t.db, org, { email: "gone@staff.example" });
      const path = linkPath(await createSignInLink(t.db, t.deps.config, gone.email, clock.now()));
      await t.db.delete(members).where(eq(members.id, gone.id));
      const client = new WebClient(t.app);
      await client.get(path);
      const reply = await client.post(path);
      expect(reply.status).toBe(403);
      expect(reply.html).toContain("not a member of any organization");
      expect(client.cookies.has("tisket_session")).toBe(false);
    });
  });
});
