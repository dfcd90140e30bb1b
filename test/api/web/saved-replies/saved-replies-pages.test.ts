import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, savedReplies } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeMember, makeOrgWithInbox } from "../../../helpers/factories";
import { signedIn } from "../../../helpers/web-client";

let t: TestApp;

describe.each(testDrivers)("the saved replies pages on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function desk() {
    const { org, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const ada = await signedIn(t, admin.email);
    await ada.get("/admin/saved-replies");
    return { org, admin, agent, ada };
  }

  const repliesOf = (orgId: string) => t.db.select().from(savedReplies).where(eq(savedReplies.orgId, orgId));
  const noticeOf = (html: string) => /<div class="notice notice-\w+"[^>]*>([^<]*)<\/div>/.exec(html)?.[1];
  const welcome = {
    name: "Welcome",
    body: "Hi {{client.name | there}},\nthanks for writing about {{thread.ref}}.\n{{member.name}}",
  };

  it("lists the placeholders with their meaning and creates a reply with Create saved reply, audited as web", async () => {
    const { org, admin, ada } = await desk();
    const page = await ada.get("/admin/saved-replies");
    expect(page.status).toBe(200);
    expect(page.html).toContain("No saved replies yet.");
    for (const label of ["Name", "Body"]) expect(page.html).toContain(`>${label}</label>`);
    expect(page.html).toContain("<dt>{{client.name}}</dt><dd>the client&#39;s name</dd>");
    expect(page.html).toContain("<dt>{{member.name}}</dt>");
    const created = await ada.post("/admin/saved-replies", welcome);
    expect(created.status).toBe(303);
    expect(created.location).toBe("/admin/saved-replies");
    const after = await ada.get("/admin/saved-replies");
    expect(noticeOf(after.html)).toBe("Saved reply “Welcome” created.");
    expect(after.html).toContain("<h2>Welcome</h2>");
    expect(after.html).toContain("thanks for writing about {{thread.ref}}.");
    const [row] = await repliesOf(org.id);
    expect(row).toMatchObject({ name: "Welcome", body: welcome.body, createdBy: admin.id });
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.kind, "saved_reply_created")));
    expect(audit).toMatchObject({ actor: admin.email, client: "web", target: "Welcome" });
  });

  it("answers unknown placeholders, an over-long body, a missing or taken name beside the field, by the API's rule", async () => {
    const { org, ada } = await desk();
    const unknown = await ada.post("/admin/saved-replies", {
      name: "Phone",
      body: "Call {{client.phone}} or {{ticket}}",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.html).toContain(
      'id="field-body-error">Unknown placeholders {{client.phone}}, {{ticket}}; use {{client.name}}, {{client.email}}, {{thread.ref}}, {{member.name}}</p>',
    );
    expect(unknown.html).toContain('value="Phone"');
    expect(unknown.html).toContain(">Call {{client.phone}} or {{ticket}}</textarea>");
    const long = await ada.post("/admin/saved-replies", { name: "Long", body: "é".repeat(11 * 1024) });
    expect(long.status).toBe(400);
    expect(long.html).toContain('id="field-body-error">At most 20 KB</p>');
    const nameless = await ada.post("/admin/saved-replies", { name: "  ", body: "Hello" });
    expect(nameless.html).toContain('id="field-name-error">Must not be empty</p>');
    const tooLongName = await ada.post("/admin/saved-replies", { name: "n".repeat(101), body: "Hello" });
    expect(tooLongName.html).toContain('id="field-name-error">At most 100 characters</p>');
    expect(await repliesOf(org.id)).toEqual([]);
    await ada.post("/admin/saved-replies", welcome);
    const taken = await ada.post("/admin/saved-replies", { name: "WELCOME", body: "Again" });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain(
      'id="field-name-error">A saved reply &quot;WELCOME&quot; already exists</p>',
    );
    expect(await repliesOf(org.id)).toHaveLength(1);
  });

  it("edits and deletes a reply, each audited as web", async () => {
    const { org, ada } = await desk();
    await ada.post("/admin/saved-replies", welcome);
    const [row] = await repliesOf(org.id);
    const edit = await ada.get(`/admin/saved-replies/${row!.id}`);
    expect(edit.status).toBe(200);
    expect(edit.html).toContain('value="Welcome"');
    expect(edit.html).toContain("thanks for writing about {{thread.ref}}.\n{{member.name}}</textarea>");
    const bad = await ada.post(`/admin/saved-replies/${row!.id}`, {
      name: "Welcome",
      body: "{{client.address}}",
    });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('id="field-body-error">Unknown placeholder {{client.address}}');
    const saved = await ada.post(`/admin/saved-replies/${row!.id}`, {
      name: "Hello",
      body: "Hello {{client.name}}",
    });
    expect(saved.status).toBe(303);
    expect(noticeOf((await ada.get("/admin/saved-replies")).html)).toBe("Saved reply “Hello” saved.");
    expect((await repliesOf(org.id))[0]).toMatchObject({ name: "Hello", body: "Hello {{client.name}}" });
    await ada.get(`/admin/saved-replies/${row!.id}`);
    const deleted = await ada.post(`/admin/saved-replies/${row!.id}/delete`);
    expect(deleted.status).toBe(303);
    expect(noticeOf((await ada.get("/admin/saved-replies")).html)).toBe("Saved reply “Hello” deleted.");
    expect(await repliesOf(org.id)).toEqual([]);
    const kinds = await t.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(
      kinds
        .filter((entry) => entry.kind.startsWith("saved_reply"))
        .map((entry) => [entry.kind, entry.client]),
    ).toEqual([
      ["saved_reply_created", "web"],
      ["saved_reply_updated", "web"],
      ["saved_reply_deleted", "web"],
    ]);
  });

  it("shows agents the replies read-only and refuses their changes with 403, nothing changed", async () => {
    const { org, agent, ada } = await desk();
    await ada.post("/admin/saved-replies", {
      name: "Hostile",
      body: "<script>alert(1)</script> {{client.name}}",
    });
    const [row] = await repliesOf(org.id);
    const al = await signedIn(t, agent.email);
    const page = await al.get("/admin/saved-replies");
    expect(page.status).toBe(200);
    expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.html).not.toContain("<script>alert");
    expect(page.html).not.toContain("Create saved reply");
    expect(page.html).not.toContain(`/admin/saved-replies/${row!.id}`);
    expect(page.html).toContain("Only admins can create or change saved replies");
    expect(page.html).toContain('href="/admin/saved-replies" aria-current="page">Saved replies</a>');
    const create = await al.post("/admin/saved-replies", { name: "Mine", body: "Hi" });
    expect(create.status).toBe(403);
    expect(create.html).toContain("can change saved replies");
    expect((await al.get(`/admin/saved-replies/${row!.id}`)).status).toBe(403);
    expect((await al.post(`/admin/saved-replies/${row!.id}`, { name: "Mine", body: "Hi" })).status).toBe(403);
    expect((await al.post(`/admin/saved-replies/${row!.id}/delete`)).status).toBe(403);
    expect(await repliesOf(org.id)).toEqual([row]);
  });

  it("answers another org's reply with a 404 and refuses a change without the CSRF token", async () => {
    const mine = await desk();
    const theirs = await desk();
    await theirs.ada.post("/admin/saved-replies", { name: "Theirs", body: "Secret words" });
    const [row] = await repliesOf(theirs.org.id);
    const edit = await mine.ada.get(`/admin/saved-replies/${row!.id}`);
    expect(edit.status).toBe(404);
    expect(edit.html).not.toContain("Secret words");
    expect((await mine.ada.get("/admin/saved-replies")).html).not.toContain("Secret words");
    expect((await mine.ada.post(`/admin/saved-replies/${row!.id}`, { name: "Mine", body: "x" })).status).toBe(
      404,
    );
    expect((await mine.ada.post(`/admin/saved-replies/${row!.id}/delete`)).status).toBe(404);
    expect((await mine.ada.get("/admin/saved-replies/nonsense")).status).toBe(404);
    expect((await theirs.ada.post("/admin/saved-replies", { ...welcome, _csrf: "" })).status).toBe(403);
    expect(
      (
        await theirs.ada.post(
          `/admin/saved-replies/${row!.id}/delete`,
          {},
          { Origin: "https://evil.example" },
        )
      ).status,
    ).toBe(403);
    expect(await repliesOf(theirs.org.id)).toEqual([row]);
  });
});
