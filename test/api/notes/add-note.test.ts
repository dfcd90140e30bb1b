import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberCaller } from "../../../api/src/auth/caller";
import { addNote } from "../../../api/src/notes/add-note";
import { makeTestApp, type TestApp } from "../../helpers/app";
import { makeOrgWithInbox, makeThread } from "../../helpers/factories";

// what a page or an MCP tool gets when it calls addNote without the route's schema
describe("addNote, called directly", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t?.close());

  async function caller(): Promise<{ caller: MemberCaller; ref: string }> {
    const { org, inbox, admin } = await makeOrgWithInbox(t.db);
    const thread = await makeThread(t.db, org, inbox);
    return { caller: { kind: "member", member: admin, org, client: "web" }, ref: `THD-${thread.number}` };
  }

  it("applies the route's rules, naming the field", async () => {
    const { caller: web, ref } = await caller();
    await expect(addNote({ deps: t.deps, caller: web, input: { ref, body: " \n " } })).rejects.toMatchObject({
      code: "bad_request",
      message: "body: must not be empty",
    });
    await expect(
      addNote({ deps: t.deps, caller: web, input: { ref, body: "x".repeat(20 * 1024 + 1) } }),
    ).rejects.toMatchObject({ message: "body: at most 20 KB" });
    const note = await addNote({ deps: t.deps, caller: web, input: { ref, body: "  kept  " } });
    expect(note.body).toBe("kept");
  });
});
