import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { navItemsFor, topBarItemsFor } from "../../../api/src/web/components/nav";
import { flash } from "../../../api/src/web/http/flash";
import { renderPage } from "../../../api/src/web/http/render";
import { refuseCrossSite } from "../../../api/src/web/http/same-origin";
import { pageHeaders } from "../../../api/src/web/http/security-headers";
import { renderWebError } from "../../../api/src/web/http/web-errors";
import { loadSession, requireAdmin, requireMember } from "../../../api/src/web/session/session-middleware";
import type { WebEnv } from "../../../api/src/web/web-env";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { makeMember, makeOrgWithInbox } from "../../helpers/factories";
import { signedIn, WebClient } from "../../helpers/web-client";

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t?.close());

describe("every web page", () => {
  it("sends the security headers: scripts only from us, never framed, no sniffing, same-origin referrer", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const client = await signedIn(t, admin.email);
    for (const path of ["/admin/login", "/admin/threads", "/admin/nowhere"]) {
      const { headers } = await client.get(path);
      const policy = headers.get("content-security-policy") ?? "";
      expect(policy).toContain("script-src 'self'");
      expect(policy).not.toContain("unsafe-inline");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("referrer-policy")).toBe("same-origin");
      expect(headers.get("cache-control")).toBe("private, no-store");
    }
    const page = await client.get("/admin/threads");
    expect(page.html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    expect(page.html).not.toMatch(/\son[a-z]+="/);
  });

  it("leaves the JSON API's and other routes' headers alone", async () => {
    const res = await t.app.request("/healthz");
    expect(res.headers.get("content-security-policy")).toBeNull();
  });

  it("serves its stylesheet and scripts with their content hash, cached for a year", async () => {
    const page = await new WebClient(t.app).get("/admin/login");
    const css = /href="(\/admin\/assets\/app\.css\?v=[0-9a-f]{12})"/.exec(page.html)![1]!;
    const res = await t.app.request(css);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const stale = await t.app.request("/admin/assets/app.css?v=old");
    expect(stale.headers.get("cache-control")).toBe("no-cache");
    const script = await t.app.request("/admin/assets/thread-live.js");
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect((await t.app.request("/admin/assets/../config.ts")).status).toBe(404);
  });

  it("answers an unknown address with a 404 page, and sends a browser at / to /admin", async () => {
    const missing = await new WebClient(t.app).get("/admin/no/such/page");
    expect(missing.status).toBe(404);
    expect(missing.html).toContain("There is no page at this address.");
    const root = await t.app.request("/", { headers: { Accept: "text/html" } });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/admin");
    expect((await t.app.request("/", { headers: { Accept: "application/json" } })).status).toBe(404);
    const admin = await new WebClient(t.app).get("/admin");
    expect(admin.location).toBe("/admin/login");
  });
});

describe("the foundation for more pages", () => {
  // a settings page as the next pages will be built: member, then admin, then the layout
  const settings = new Hono<WebEnv>();
  settings.use("*", async (c, next) => {
    c.set("deps", t.deps);
    await next();
  });
  settings.onError(renderWebError);
  settings.use("*", pageHeaders, loadSession, refuseCrossSite);
  settings.get("/admin/example", requireMember, requireAdmin, (c) =>
    renderPage(c, { title: "Example", active: "/admin/example", children: "admin-only settings" }),
  );
  settings.post("/admin/example", requireMember, requireAdmin, (c) => {
    flash(c, { kind: "success", text: "Saved <b>it</b>" });
    return c.redirect("/admin/threads", 303);
  });

  it("answers an agent 403 with a page that says why, and lets an admin in", async () => {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { role: "agent" });
    const asAgent = await signedIn(t, agent.email);
    const res = await settings.request("/admin/example", {
      headers: { Cookie: asAgent.cookieHeader("/admin") },
    });
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toContain(`Only the admins of ${org.name} can open this page.`);
    expect(text).not.toContain("admin-only settings");
    const asAdmin = await signedIn(t, admin.email);
    const allowed = await settings.request("/admin/example", {
      headers: { Cookie: asAdmin.cookieHeader("/admin") },
    });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("admin-only settings");
  });

  it("carries a notice to the next page, escaped, once", async () => {
    const { admin } = await makeOrgWithInbox(t.db);
    const client = await signedIn(t, admin.email);
    const saved = await settings.request("/admin/example", {
      method: "POST",
      headers: { Cookie: client.cookieHeader("/admin") },
    });
    const flashCookie = saved.headers.getSetCookie().find((line) => line.startsWith("tisket_flash="))!;
    client.cookies.set("tisket_flash", {
      value: flashCookie.split(";")[0]!.slice("tisket_flash=".length),
      path: "/admin",
    });
    const next = await client.get("/admin/threads");
    expect(next.html).toContain("Saved &lt;b&gt;it&lt;/b&gt;");
    expect((await client.get("/admin/threads")).html).not.toContain("Saved &lt;b&gt;");
  });

  it("hides admin-only sections from agents", () => {
    const items = [
      { href: "/admin/threads", label: "Threads" },
      { href: "/admin/inboxes", label: "Inboxes", adminOnly: true },
    ];
    expect(navItemsFor("agent", items).map((item) => item.label)).toEqual(["Threads"]);
    expect(navItemsFor("admin", items).map((item) => item.label)).toEqual(["Threads", "Inboxes"]);
  });

  it("leads an agent's Settings to their own tokens and an admin's to the inboxes", () => {
    const settingsOf = (role: "admin" | "agent") =>
      topBarItemsFor(role).find((item) => item.label === "Settings");
    expect(settingsOf("agent")?.href).toBe("/admin/tokens");
    expect(settingsOf("admin")?.href).toBe("/admin/inboxes");
  });
});
