import { type Context, Hono } from "hono";
import { z } from "zod";
import { parseRef } from "../../../../shared/src/subject-tag";
import { listInboxes } from "../../admin/inboxes";
import { listMembers } from "../../admin/members";
import type { MemberCaller } from "../../auth/caller";
import { THREAD_STATUSES, type ThreadStatus } from "../../db/schema";
import { AppError } from "../../errors";
import { latestEventId } from "../../events/live-events";
import { othersPresentByThread } from "../../presence/others-present";
import { recordPresence } from "../../presence/record-presence";
import { MAX_QUERY_CHARS } from "../../search/search-query";
import { type ThreadPage as ListPage, listThreads } from "../../threads/list-threads";
import { loadThreadDetail, type ThreadDetail } from "../../threads/thread-detail";
import { updateThread } from "../../threads/update-thread";
import type { Option } from "../components/form-field";
import { STATUS_LABELS } from "../components/format";
import { requireCsrf } from "../http/csrf";
import { flash } from "../http/flash";
import { type FieldErrors, type FormValues, fieldErrorOf, readForm } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { hasRemoteImages } from "./message-body";
import { type ListFilters, listHref, ThreadListPage } from "./thread-list-page";
import { type MessageDisplay, ThreadPage } from "./thread-page";

const PAGE_SIZE = 25;
const empty = z.literal("");

const ListQuerySchema = z.object({
  q: z.string().trim().max(MAX_QUERY_CHARS, `Search for at most ${MAX_QUERY_CHARS} characters.`).default(""),
  status: z.union([empty, z.enum(THREAD_STATUSES)], { error: "Choose a status from the list." }).default(""),
  inbox: z.string().trim().max(100, "Choose an inbox from the list.").default(""),
  assignee: z
    .union([empty, z.literal("me"), z.literal("none"), z.email()], {
      error: "Choose an assignee from the list.",
    })
    .default(""),
  sort: z.union([empty, z.literal("relevance")], { error: "Choose an order from the list." }).default(""),
  cursor: z.string().max(300).optional(),
});

const UpdateFormSchema = z.object({
  status: z.enum(THREAD_STATUSES, { error: "Choose a status from the list." }),
  status_was: z.string().default(""),
  assignee: z.union([empty, z.email("Choose an assignee from the list.")]).default(""),
  assignee_was: z.string().default(""),
});

const scopeOf = (c: Context<WebEnv>) => ({
  org: c.get("caller").org,
  inboundDomain: c.get("deps").config.INBOUND_DOMAIN,
});

async function memberOptions(c: Context<WebEnv>): Promise<Option[]> {
  const members = await listMembers(c.get("deps").db, c.get("caller").org);
  return members.map((member) => ({
    value: member.email,
    label: member.name ? `${member.name} (${member.email})` : member.email,
  }));
}

async function listPage(c: Context<WebEnv>) {
  const { db, clock } = c.get("deps");
  const caller = c.get("caller");
  const parsed = ListQuerySchema.safeParse(c.req.query());
  const raw = c.req.query();
  const filters: ListFilters = parsed.success
    ? {
        q: parsed.data.q,
        status: parsed.data.status,
        inbox: parsed.data.inbox,
        assignee: parsed.data.assignee,
        sort: parsed.data.sort,
      }
    : {
        q: raw.q ?? "",
        status: raw.status ?? "",
        inbox: raw.inbox ?? "",
        assignee: raw.assignee ?? "",
        sort: raw.sort ?? "",
      };
  let errors: FieldErrors = {};
  let page: ListPage = { threads: [], nextCursor: null };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  } else {
    const result = await listedThreads(c, filters, parsed.data.cursor);
    if ("errors" in result) errors = result.errors;
    else page = result.page;
  }
  const [inboxes, members, presence] = await Promise.all([
    listInboxes(db, caller.org),
    memberOptions(c),
    othersPresentByThread(db, caller.org.id, refsToNumbers(page), caller.member.id, clock.now()),
  ]);
  const props = {
    filters,
    errors,
    threads: page.threads,
    presence: new Map([...presence].map(([number, list]) => [`THD-${number}`, list])),
    inboxes: inboxes.map((inbox) => ({ value: inbox.name, label: inbox.name })),
    members,
    olderHref: page.nextCursor ? listHref(filters, page.nextCursor) : null,
    paged: Boolean(parsed.success && parsed.data.cursor),
  };
  const status = Object.keys(errors).length > 0 ? 400 : 200;
  return renderPage(
    c,
    { title: "Threads", active: "/admin/threads", wide: true, children: <ThreadListPage {...props} /> },
    status,
  );
}

const refsToNumbers = (page: ListPage) => page.threads.map((thread) => parseRef(thread.ref)!);

/** The same listing as `GET /api/v1/threads`; a search it refuses comes back as the Search field's message. */
async function listedThreads(
  c: Context<WebEnv>,
  filters: ListFilters,
  cursor: string | undefined,
): Promise<{ page: ListPage } | { errors: FieldErrors }> {
  const caller = c.get("caller");
  try {
    const page = await listThreads(c.get("deps").db, scopeOf(c), {
      q: filters.q || undefined,
      status: (filters.status || undefined) as ThreadStatus | undefined,
      inbox: filters.inbox || undefined,
      assignee: filters.assignee === "me" ? caller.member.email : filters.assignee || undefined,
      // an order for search results only: without a search it means nothing
      sort: filters.sort && filters.q ? "relevance" : undefined,
      cursor,
      limit: PAGE_SIZE,
    });
    return { page };
  } catch (error) {
    const errors = error instanceof AppError ? fieldErrorOf(error, ["q", "cursor", "sort"]) : null;
    if (!errors) throw error;
    return { errors: errors.cursor ? { q: "This page of results is out of date: search again." } : errors };
  }
}

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

async function threadPage(
  c: Context<WebEnv>,
  form: { errors?: FieldErrors; values?: FormValues } = {},
  status: 200 | 400 = 200,
) {
  const deps = c.get("deps");
  const caller = c.get("caller");
  const ref = c.req.param("ref") ?? "";
  const thread = await loadThreadDetail(deps.db, scopeOf(c), ref);
  // opening the page counts as viewing it, before its script's first heartbeat
  const [presence, members, resumeAfter] = await Promise.all([
    recordPresence(deps, caller, { thread: thread.ref, activity: "viewing", client: "web" }),
    memberOptions(c),
    latestEventId(deps.db, caller.org.id),
  ]);
  const props = {
    thread,
    display: displayOf(thread),
    presence,
    members,
    me: { email: caller.member.email },
    csrf: viewerOf(c)!.csrf,
    resumeAfter,
    ...form,
  };
  return renderPage(
    c,
    {
      title: `${thread.ref} ${thread.subject}`,
      active: "/admin/threads",
      wide: true,
      scripts: ["thread-live.js"],
      children: <ThreadPage {...props} />,
    },
    status,
  );
}

function describeChanges(changes: { field: string; to: string | null }[]): string {
  if (changes.length === 0) return "Nothing changed.";
  const parts = changes.map((change) =>
    change.field === "status"
      ? `status ${STATUS_LABELS[change.to as ThreadStatus] ?? change.to}`
      : `assignee ${change.to ?? "nobody"}`,
  );
  return `Saved: ${parts.join(", ")}.`;
}

async function saveThread(
  c: Context<WebEnv>,
  caller: MemberCaller,
  input: { status?: ThreadStatus; assignee?: string | null },
) {
  const ref = c.req.param("ref") ?? "";
  const { changes } = await updateThread({ deps: c.get("deps"), caller, input: { ref, ...input } });
  flash(c, { kind: changes.length ? "success" : "info", text: describeChanges(changes) });
  return c.redirect(`/admin/threads/${ref.toUpperCase()}`, 303);
}

export function threadPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/threads", requireMember);
  router.use("/threads/*", requireMember);

  router.get("/threads", listPage);
  router.get("/threads/:ref", (c) => threadPage(c));

  router.post("/threads/:ref", requireCsrf("session"), async (c) => {
    const form = await readForm(c, UpdateFormSchema);
    if (!form.ok) return threadPage(c, form, 400);
    const { status, status_was, assignee, assignee_was } = form.data;
    // only what the reader changed: a field they left alone keeps whatever another member set
    const input = {
      ...(status !== status_was ? { status } : {}),
      ...(assignee !== assignee_was ? { assignee: assignee || null } : {}),
    };
    try {
      return await saveThread(c, c.get("caller"), input);
    } catch (error) {
      const errors = error instanceof AppError ? fieldErrorOf(error, ["status", "assignee"]) : null;
      if (!errors) throw error;
      return threadPage(c, { errors, values: form.values }, 400);
    }
  });

  router.post("/threads/:ref/assign-to-me", requireCsrf("session"), (c) => {
    const caller = c.get("caller");
    return saveThread(c, caller, { assignee: caller.member.email });
  });

  return router;
}
