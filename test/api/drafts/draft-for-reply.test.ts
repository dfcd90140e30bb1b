import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember, makeOrgWithInbox, makeThread } from "../../helpers/factories";
import { type ErrorReply, send } from "../admin/send";

type DraftForReply = {
  draft: { id: string; body: string; author: { email: string; name: string }; client: string };
  html: string;
};

describe.each(testDrivers)("GET /threads/:ref/drafts/:id on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const world = async () => {
    const { org, inbox } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    return { org, inbox, agent, thread, ref: `THD-${thread.number}` };
  };
  const keep = async (ref: string, token: string, body: string) => {
    const res = await send(t, "POST", `/threads/${ref}/drafts`, token, { body });
    expect(res.status).toBe(201);
    return ((await res.json()) as DraftForReply).draft;
  };
  const get = async (path: string, token: string) => {
    const res = await send(t, "GET", path, token);
    return { status: res.status, body: (await res.json()) as DraftForReply & ErrorReply };
  };

  it("answers the draft with its text escaped as HTML, line breaks kept, for a rich-text reply", async () => {
    const { agent, ref } = await world();
    const kept = await keep(ref, agent.token, 'Dear <Cleo> & "team",\nit\'s fixed.\r\n\r\nAl');
    const found = await get(`/threads/${ref}/drafts/${kept.id}`, agent.token);
    expect(found.status).toBe(200);
    expect(found.body.draft).toMatchObject({
      id: kept.id,
      body: 'Dear <Cleo> & "team",\nit\'s fixed.\r\n\r\nAl',
      author: { email: agent.email, name: "Al Agent" },
    });
    expect(found.body.html).toBe(
      "Dear &lt;Cleo&gt; &amp; &quot;team&quot;,<br>\nit&#39;s fixed.<br>\n<br>\nAl",
    );
  });

  it("is a 404 for a draft discarded, of another thread, not an id, or of another org", async () => {
    const mine = await world();
    const kept = await keep(mine.ref, mine.agent.token, "Try turning it off and on.");
    const other = await makeThread(t.db, mine.org, mine.inbox);
    expect((await get(`/threads/THD-${other.number}/drafts/${kept.id}`, mine.agent.token)).status).toBe(404);
    expect((await get(`/threads/${mine.ref}/drafts/not-a-uuid`, mine.agent.token)).status).toBe(404);
    const theirs = await world();
    const stranger = await get(`/threads/${mine.ref}/drafts/${kept.id}`, theirs.agent.token);
    expect(stranger.status).toBe(404);
    expect(JSON.stringify(stranger.body)).not.toContain("Try turning");
    const gone = await send(t, "DELETE", `/threads/${mine.ref}/drafts/${kept.id}`, mine.agent.token);
    expect(gone.status).toBe(204);
    expect((await get(`/threads/${mine.ref}/drafts/${kept.id}`, mine.agent.token)).status).toBe(404);
  });

  it("needs a member's token", async () => {
    const { agent, ref } = await world();
    const kept = await keep(ref, agent.token, "Hello");
    expect((await send(t, "GET", `/threads/${ref}/drafts/${kept.id}`, null)).status).toBe(401);
  });
});
