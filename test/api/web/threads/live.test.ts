import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, presence } from "../../../../api/src/db/schema";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { testDrivers } from "../../../helpers/databases";
import { makeMember, makeMessage, makeOrgWithInbox, makeThread } from "../../../helpers/factories";
import { signedIn } from "../../../helpers/web-client";

let t: TestApp;

describe.each(testDrivers)("live endpoints on %s", (driver) => {
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  async function scene() {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const bob = await makeMember(t.db, org, { name: "Bob Builder" });
    const thread = await makeThread(t.db, org, inbox);
    await makeMessage(t.db, thread);
    const ref = `THD-${thread.number}`;
    const ada = await signedIn(t, admin.email);
    await ada.get(`/admin/threads/${ref}`);
    return { org, admin, bob, thread, ref, ada };
  }

  const rowsOf = async (threadId: string) =>
    (await t.db.select().from(presence).where(eq(presence.threadId, threadId))).map((row) => [
      row.memberId,
      row.client,
      row.activity,
    ]);

  describe("the thread page's live endpoints", () => {
    it("heartbeat as the signed-in member with client web and answer the others present", async () => {
      const { admin, bob, thread, ref, ada } = await scene();
      const bobSession = await signedIn(t, bob.email);
      await bobSession.get(`/admin/threads/${ref}`);
      const beat = await ada.postJson("/admin/live/presence", { thread: ref });
      expect(beat.status).toBe(200);
      const answer = JSON.parse(beat.html) as {
        presence: { member: { name: string }; client: string }[];
        now: string;
      };
      expect(answer.presence.map((p) => [p.member.name, p.client])).toEqual([["Bob Builder", "web"]]);
      expect(Date.parse(answer.now)).not.toBeNaN();
      expect((await rowsOf(thread.id)).sort()).toEqual(
        [
          [admin.id, "web", "viewing"],
          [bob.id, "web", "viewing"],
        ].sort(),
      );
    });

    it("leave on a beacon: a form with _csrf in the body", async () => {
      const { admin, thread, ref, ada } = await scene();
      expect(await rowsOf(thread.id)).toEqual([[admin.id, "web", "viewing"]]);
      const left = await ada.post("/admin/live/leave", { thread: ref });
      expect(left.status).toBe(200);
      expect(await rowsOf(thread.id)).toEqual([]);
    });

    it("hand out a ticket that opens the thread's event stream", async () => {
      const { ref, ada } = await scene();
      const reply = await ada.postJson("/admin/live/ticket", { thread: ref });
      expect(reply.status).toBe(200);
      const { ticket, thread } = JSON.parse(reply.html) as { ticket: string; thread: string };
      expect(thread).toBe(ref);
      const controller = new AbortController();
      const stream = await t.app.request(
        `/api/v1/threads/${ref}/events?ticket=${encodeURIComponent(ticket)}`,
        {
          signal: controller.signal,
        },
      );
      expect(stream.status).toBe(200);
      expect(stream.headers.get("content-type")).toContain("text/event-stream");
      controller.abort();
      await stream.body?.cancel().catch(() => undefined);
    });

    it("refuse a request without the CSRF header or from another site, changing nothing", async () => {
      const { thread, ref, ada } = await scene();
      await ada.post("/admin/live/leave", { thread: ref });
      expect(
        (await ada.postJson("/admin/live/presence", { thread: ref }, { "X-CSRF-Token": "" })).status,
      ).toBe(403);
      expect(
        (await ada.postJson("/admin/live/presence", { thread: ref }, { "X-CSRF-Token": "nope" })).status,
      ).toBe(403);
      const evil = await ada.postJson(
        "/admin/live/presence",
        { thread: ref },
        { Origin: "https://evil.example" },
      );
      expect(evil.status).toBe(403);
      expect(JSON.parse(evil.html)).toEqual({
        error: { code: "forbidden", message: "This request came from another site, so it was refused." },
      });
      expect(await rowsOf(thread.id)).toEqual([]);
    });

    it("answer 401 once the session is gone, and 404 for another org's thread", async () => {
      const { admin, ref, ada } = await scene();
      const other = await scene();
      const foreign = await ada.postJson("/admin/live/presence", {
        thread: `THD-${other.thread.number + 1000}`,
      });
      expect(foreign.status).toBe(404);
      expect(
        (await ada.postJson("/admin/live/ticket", { thread: `THD-${other.thread.number + 1000}` })).status,
      ).toBe(404);
      await t.db.delete(members).where(eq(members.id, admin.id));
      const gone = await ada.postJson("/admin/live/presence", { thread: ref });
      expect(gone.status).toBe(401);
      expect(JSON.parse(gone.html).error.code).toBe("unauthorized");
    });
  });
});
