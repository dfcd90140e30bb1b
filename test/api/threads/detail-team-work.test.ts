import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import {
  makeAttachment,
  makeMember,
  makeMessage,
  makeOrgWithInbox,
  makeThread,
} from "../../helpers/factories";
import { send } from "../admin/send";

type Person = { email: string; name: string };
type Detail = {
  notes: { body: string; author: Person }[];
  drafts: { body: string; author: Person }[];
  tickets: { id: string; linkedBy: Person }[];
  history: { field: string; to: string | null; actor: Person | { system: string } }[];
  messages: { id: string; attachments: { filename: string }[] }[];
};

describe.each(testDrivers)("the thread detail's team work on %s", (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ driver });
  });
  afterAll(() => t?.close());

  const detailOf = async (ref: string, token: string) => {
    const res = await send(t, "GET", `/threads/${ref}`, token);
    expect(res.status).toBe(200);
    return ((await res.json()) as { thread: Detail }).thread;
  };

  it("shows notes oldest first, drafts newest first, tickets, history and attachments by their authors", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    const message = await makeMessage(t.db, thread);
    await makeAttachment(t.db, message, { filename: "b.pdf" });
    await makeAttachment(t.db, message, { filename: "a.pdf" });
    const ref = `THD-${thread.number}`;
    for (const body of ["First note", "Second note"])
      expect((await send(t, "POST", `/threads/${ref}/notes`, agent.token, { body })).status).toBe(201);
    for (const body of ["Older draft", "Newer draft"])
      expect((await send(t, "POST", `/threads/${ref}/drafts`, agent.token, { body })).status).toBe(201);
    expect((await send(t, "PUT", `/threads/${ref}/tickets/BUG-7`, agent.token)).status).toBe(201);
    expect((await send(t, "PATCH", `/threads/${ref}`, agent.token, { status: "in_progress" })).status).toBe(
      200,
    );

    const detail = await detailOf(ref, admin.token);
    const al = { email: agent.email, name: "Al Agent" };
    expect(detail.notes.map((note) => [note.body, note.author])).toEqual([
      ["First note", al],
      ["Second note", al],
    ]);
    expect(detail.drafts.map((draft) => [draft.body, draft.author])).toEqual([
      ["Newer draft", al],
      ["Older draft", al],
    ]);
    expect(detail.tickets).toMatchObject([{ id: "BUG-7", linkedBy: al }]);
    expect(detail.history.at(-1)).toEqual(expect.objectContaining({ field: "status", to: "in_progress" }));
    expect(detail.history.map((entry) => entry.actor)).toEqual(detail.history.map(() => al));
    expect(detail.messages[0]!.attachments.map((file) => file.filename)).toEqual(["a.pdf", "b.pdf"]);
  });

  it("shows the work of a member who left by the address recorded, without a name", async () => {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const agent = await makeMember(t.db, org, { name: "Al Agent" });
    const thread = await makeThread(t.db, org, inbox);
    const ref = `THD-${thread.number}`;
    const work = [
      await send(t, "POST", `/threads/${ref}/notes`, agent.token, { body: "Checked the logs" }),
      await send(t, "POST", `/threads/${ref}/drafts`, agent.token, { body: "Try this" }),
      await send(t, "PUT", `/threads/${ref}/tickets/BUG-8`, agent.token),
      await send(t, "PATCH", `/threads/${ref}`, agent.token, { status: "in_progress" }),
    ];
    expect(work.map((res) => res.status)).toEqual([201, 201, 201, 200]);
    const removed = await send(t, "DELETE", `/orgs/${org.slug}/members/${agent.email}`, admin.token);
    expect(removed.status).toBe(200);

    const detail = await detailOf(ref, admin.token);
    const recorded = { email: agent.email, name: "" };
    expect(detail.notes.map((note) => note.author)).toEqual([recorded]);
    expect(detail.drafts.map((draft) => draft.author)).toEqual([recorded]);
    expect(detail.tickets.map((link) => link.linkedBy)).toEqual([recorded]);
    expect(detail.history.length).toBeGreaterThan(0);
    expect(detail.history.map((entry) => entry.actor)).toEqual(
      detail.history.map(() => ({ system: agent.email })),
    );
  });

  it("shows none of another org's work", async () => {
    const mine = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, mine.org, mine.inbox);
    await send(t, "POST", `/threads/THD-${thread.number}/notes`, mine.admin.token, { body: "Ours" });
    const theirs = await makeOrgWithInbox(t.db);
    const same = await makeThread(t.db, theirs.org, theirs.inbox);
    expect(same.number).toBe(thread.number);
    expect((await detailOf(`THD-${same.number}`, theirs.admin.token)).notes).toEqual([]);
  });
});
