import type { Context } from "hono";
import type { MemberCaller } from "../../auth/caller";
import { type ThreadUpdateInput, updateThread } from "../../threads/update-thread";
import { flash } from "../http/flash";
import type { WebEnv } from "../web-env";
import { describeChanges } from "./change-notice";
import { threadPath } from "./thread-scope";

/** Changes the thread as the reader (client `web`) and goes back to its page, saying what changed. */
export async function saveThread(
  c: Context<WebEnv>,
  caller: MemberCaller,
  input: Omit<ThreadUpdateInput, "ref">,
) {
  const ref = c.req.param("ref") ?? "";
  const { changes } = await updateThread({ deps: c.get("deps"), caller, input: { ref, ...input } });
  flash(c, { kind: changes.length ? "success" : "info", text: describeChanges(changes) });
  return c.redirect(threadPath(ref), 303);
}
