import type { Context } from "hono";
import { latestEventId } from "../../events/events.statements";
import { recordPresence } from "../../presence/record-presence";
import { renderSavedReply } from "../../saved-replies/render-saved-reply";
import { listSavedReplies } from "../../saved-replies/saved-replies";
import { loadThreadDetail, type ThreadDetail } from "../../threads/thread-detail";
import type { FieldErrors, FormValues } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import type { WebEnv } from "../web-env";
import { hasRemoteImages } from "./message-body";
import { type MessageDisplay, ThreadPage } from "./thread-page";
import { loadTeam, scopeOf } from "./thread-scope";

/** How each message's body is shown: in a sandboxed frame (HTML) or as text, and how tall. */
function displayOf(thread: ThreadDetail): Map<string, MessageDisplay> {
  return new Map(
    thread.messages.map((message) => {
      const hasHtml = message.html.trim() !== "";
      const lines = message.text
        ? message.text.split("\n").length + message.text.length / 90
        : message.html.length / 250;
      const size = lines < 10 ? "s" : lines < 25 ? "m" : lines < 60 ? "l" : "xl";
      return [message.id, { hasHtml, remoteImages: hasHtml && hasRemoteImages(message.html), size }];
    }),
  );
}

/** The saved reply `?reply=` names, filled in for this thread; another org's is a 404. */
async function renderedReply(c: Context<WebEnv>, ref: string) {
  const id = c.req.query("reply")?.trim();
  if (!id) return null;
  return renderSavedReply(c.get("deps").db, c.get("caller"), { id, thread: ref });
}

/**
 * The thread page, with a form's mistake shown beside its field when there was one (400). A
 * `?reply=` shows that saved reply filled in for the thread, to copy.
 */
export async function threadPage(
  c: Context<WebEnv>,
  form: { errors?: FieldErrors; values?: FormValues } = {},
  status: 200 | 400 | 409 = 200,
) {
  const deps = c.get("deps");
  const caller = c.get("caller");
  const scope = scopeOf(c);
  const thread = await loadThreadDetail(deps.db, scope, c.req.param("ref") ?? "");
  // opening the page counts as viewing it, before its script's first heartbeat
  const [presence, team, resumeAfter, replies, rendered] = await Promise.all([
    recordPresence(deps, caller, { thread: thread.ref, activity: "viewing", client: "web" }),
    loadTeam(c),
    latestEventId(deps.db, caller.org.id),
    listSavedReplies(deps.db, caller.org.id),
    renderedReply(c, thread.ref),
  ]);
  const props = {
    thread,
    display: displayOf(thread),
    presence,
    members: team.options,
    names: team.names,
    savedReplies: replies.map((reply) => ({ value: reply.id, label: reply.name })),
    rendered,
    me: { email: caller.member.email },
    csrf: viewerOf(c)!.csrf,
    now: scope.now,
    resumeAfter,
    ...form,
  };
  return renderPage(
    c,
    {
      title: `${thread.ref} ${thread.subject}`,
      active: "/admin/threads",
      wide: true,
      scripts: ["thread-live.js", "copy-button.js"],
      children: <ThreadPage {...props} />,
    },
    status,
  );
}
