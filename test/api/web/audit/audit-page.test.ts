import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit, SYSTEM_ACTOR } from "../../../../api/src/audit/record-audit";
import type { Member, Org } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { opsDesk } from "../ops-desk";

let t: TestApp;

describe.each(testDrivers)("the audit log page on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const byMember = (member: Member) => ({ actorId: member.id, actor: member.email, client: "web" as const });
  async function record(
    org: Org,
    entries: {
      by: ReturnType<typeof byMember> | typeof SYSTEM_ACTOR;
      kind: "thread_status" | "inbox_created";
      target: string;
    }[],
  ) {
    for (const entry of entries)
      await recordAudit(t.db, { orgId: org.id, ...entry, detail: { note: entry.target } });
  }
  const rowsOf = (html: string) => html.match(/<tr><td class="col-when">/g)?.length ?? 0;

  it("lists who did what, newest first, filtered by Actor and Kind", async () => {
    const { org, admin, agent, ada } = await opsDesk(t);
    await record(org, [
      { by: byMember(admin), kind: "inbox_created", target: "billing" },
      { by: byMember(agent), kind: "thread_status", target: "THD-1" },
      { by: SYSTEM_ACTOR, kind: "thread_status", target: "THD-2" },
    ]);
    const page = await ada.get("/admin/audit");
    expect(page.status).toBe(200);
    expect(page.html).toContain('<label for="field-actor">Actor</label>');
    expect(page.html).toContain('<label for="field-kind">Kind</label>');
    expect(page.html).toContain(`<option value="${agent.email}">Al Agent (${agent.email})</option>`);
    expect(page.html).toContain('<option value="system">The service itself</option>');
    expect(page.html).toContain('<option value="thread_status">Thread status</option>');
    expect(page.html.indexOf("THD-2")).toBeLessThan(page.html.indexOf("THD-1"));
    expect(page.html.indexOf("THD-1")).toBeLessThan(page.html.indexOf("<td>billing</td>"));
    const byAgent = await ada.get(`/admin/audit?actor=${encodeURIComponent(agent.email)}&kind=`);
    // the agent's own sign-in is recorded too, by address only: named from the members
    expect(byAgent.html).toContain("<td>Signed in</td>");
    expect(byAgent.html).not.toContain(`<td>${agent.email}</td>`);
    const signIns = await ada.get("/admin/audit?kind=signed_in");
    expect(signIns.status).toBe(200);
    expect(rowsOf(signIns.html)).toBe(2);
    expect(byAgent.html).toContain("<td>THD-1</td>");
    expect(byAgent.html).not.toContain("<td>THD-2</td>");
    expect(byAgent.html).not.toContain("<td>billing</td>");
    expect(byAgent.html).toContain(`<option value="${agent.email}" selected="">`);
    const statuses = await ada.get("/admin/audit?actor=&kind=thread_status");
    expect(rowsOf(statuses.html)).toBe(2);
    expect(statuses.html).not.toContain("<td>billing</td>");
    expect(statuses.html).toContain("The service itself");
    const none = await ada.get("/admin/audit?actor=system&kind=inbox_created");
    expect(none.html).toContain("Nothing matches these filters.");
  });

  it("pages 50 entries at a time, keeping the filters", async () => {
    const { org, admin, ada } = await opsDesk(t);
    const entries = Array.from({ length: 52 }, (_, i) => ({
      by: byMember(admin),
      kind: "thread_status" as const,
      target: `THD-${i + 1}`,
    }));
    await record(org, entries);
    await record(org, [{ by: byMember(admin), kind: "inbox_created", target: "noise" }]);
    const first = await ada.get("/admin/audit?kind=thread_status");
    expect(rowsOf(first.html)).toBe(50);
    expect(first.html).toContain("<td>THD-52</td>");
    expect(first.html).not.toContain("<td>THD-2</td>");
    const older = /href="([^"]+)" rel="next">Older entries</.exec(first.html)?.[1]?.replaceAll("&amp;", "&");
    expect(older).toMatch(/^\/admin\/audit\?kind=thread_status&cursor=/);
    const second = await ada.get(older!);
    expect(rowsOf(second.html)).toBe(2);
    expect(second.html).toContain("<td>THD-1</td>");
    expect(second.html).not.toContain("noise");
    expect(second.html).not.toContain(">Older entries<");
  });

  it("answers an unknown kind beside the field and a forged cursor with a notice, 400", async () => {
    const { ada } = await opsDesk(t);
    const kind = await ada.get("/admin/audit?kind=everything");
    expect(kind.status).toBe(400);
    expect(kind.html).toMatch(/id="field-kind-error">[^<]+<\/p>/);
    const actor = await ada.get("/admin/audit?actor=not-an-address");
    expect(actor.status).toBe(400);
    expect(actor.html).toMatch(/id="field-actor-error">[^<]+<\/p>/);
    const cursor = await ada.get("/admin/audit?cursor=forged");
    expect(cursor.status).toBe(400);
    expect(cursor.html).toContain("That page of the log no longer exists");
  });

  it("refuses agents with 403 and never shows another org's entries, hostile text inert", async () => {
    const mine = await opsDesk(t);
    const theirs = await opsDesk(t);
    await record(theirs.org, [
      { by: byMember(theirs.admin), kind: "inbox_created", target: "their-secret-inbox" },
    ]);
    await record(mine.org, [
      { by: byMember(mine.admin), kind: "inbox_created", target: "<script>alert(1)</script>" },
    ]);
    expect((await mine.al.get("/admin/audit")).status).toBe(403);
    const page = await mine.ada.get("/admin/audit");
    expect(page.html).not.toContain("their-secret-inbox");
    expect(page.html).not.toContain(theirs.admin.email);
    const filtered = await mine.ada.get(`/admin/audit?actor=${encodeURIComponent(theirs.admin.email)}`);
    expect(filtered.html).not.toContain("their-secret-inbox");
    expect(page.html).not.toContain("<script>alert(1)");
    expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});
