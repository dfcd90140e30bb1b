import type { Context } from "hono";
import { z } from "zod";
import { parseRef } from "../../../../shared/src/subject-tag";
import { listInboxes } from "../../admin/statements/inboxes";
import { THREAD_PRIORITIES, THREAD_STATUSES, type ThreadPriority, type ThreadStatus } from "../../db/schema";
import { othersPresentByThread } from "../../presence/presence.statements";
import { MAX_QUERY_CHARS } from "../../search/search-query";
import {
  type ThreadPage as ListPage,
  listThreads,
  SLA_FILTERS,
  type SlaFilter,
} from "../../threads/list-threads";
import { TagSchema } from "../../threads/tags";
import { TicketIdSchema } from "../../tickets/schemas";
import { domainFieldErrors, optionalField } from "../http/domain-errors";
import type { FieldErrors } from "../http/forms";
import { renderPage } from "../http/render";
import type { WebEnv } from "../web-env";
import { type ListFilters, listHref, ThreadListPage } from "./thread-list-page";
import { loadTeam, scopeOf } from "./thread-scope";

const PAGE_SIZE = 25;
const empty = z.literal("");

// the API's own rules for each filter (its schemas), with the messages a person reads beside the field
const ListQuerySchema = z.object({
  q: z.string().trim().max(MAX_QUERY_CHARS, `Search for at most ${MAX_QUERY_CHARS} characters.`).default(""),
  status: z.union([empty, z.enum(THREAD_STATUSES)], { error: "Choose a status from the list." }).default(""),
  inbox: z.string().trim().max(100, "Choose an inbox from the list.").default(""),
  assignee: z
    .union([empty, z.literal("me"), z.literal("none"), z.email()], {
      error: "Choose an assignee from the list.",
    })
    .default(""),
  priority: z
    .union([empty, z.enum(THREAD_PRIORITIES)], { error: "Choose a priority from the list." })
    .default(""),
  tag: optionalField(TagSchema),
  sla: z
    .union([empty, z.enum(SLA_FILTERS)], { error: "Choose a response target from the list." })
    .default(""),
  ticket: optionalField(TicketIdSchema, (text) => text.toUpperCase()),
  sort: z.union([empty, z.literal("relevance")], { error: "Choose an order from the list." }).default(""),
  cursor: z.string().max(300).optional(),
});

const FILTER_NAMES = [
  "q",
  "status",
  "inbox",
  "assignee",
  "priority",
  "tag",
  "sla",
  "ticket",
  "sort",
] as const;

function filtersOf(parsed: z.infer<typeof ListQuerySchema> | null, raw: Record<string, string>): ListFilters {
  const filters = {} as ListFilters;
  for (const name of FILTER_NAMES) filters[name] = parsed ? (parsed[name] ?? "") : (raw[name] ?? "");
  return filters;
}

const refsToNumbers = (page: ListPage) => page.threads.map((thread) => parseRef(thread.ref)!);

/** `/admin/threads`: the same listing as `GET /api/v1/threads`; a filter it refuses is that field's message. */
export async function listPage(c: Context<WebEnv>) {
  const { db } = c.get("deps");
  const caller = c.get("caller");
  const scope = scopeOf(c);
  const parsed = ListQuerySchema.safeParse(c.req.query());
  const filters = filtersOf(parsed.success ? parsed.data : null, c.req.query());
  let errors: FieldErrors = {};
  let page: ListPage = { threads: [], nextCursor: null };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  } else {
    const result = await listedThreads(c, filters, parsed.data.cursor);
    if ("errors" in result) errors = result.errors;
    else page = result.page;
  }
  const [inboxes, team, presence] = await Promise.all([
    listInboxes(db, caller.org),
    loadTeam(c),
    othersPresentByThread(db, caller.org.id, refsToNumbers(page), caller.member.id, scope.now),
  ]);
  const props = {
    filters,
    errors,
    threads: page.threads,
    presence: new Map([...presence].map(([number, list]) => [`THD-${number}`, list])),
    inboxes: inboxes.map((inbox) => ({ value: inbox.name, label: inbox.name })),
    members: team.options,
    now: scope.now,
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
      priority: (filters.priority || undefined) as ThreadPriority | undefined,
      tag: filters.tag || undefined,
      sla: (filters.sla || undefined) as SlaFilter | undefined,
      ticket: filters.ticket || undefined,
      // an order for search results only: without a search it means nothing
      sort: filters.sort && filters.q ? "relevance" : undefined,
      cursor,
      limit: PAGE_SIZE,
    });
    return { page };
  } catch (error) {
    const errors = domainFieldErrors(error, { q: "q", cursor: "cursor", sort: "sort" });
    if (!errors) throw error;
    return { errors: errors.cursor ? { q: "This page of results is out of date: search again." } : errors };
  }
}
