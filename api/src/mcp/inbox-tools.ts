import { z } from "@hono/zod-openapi";
import { authorizeOrgAdmin } from "../admin/access";
import { createInbox, toInboxView } from "../admin/inboxes";
import { InboxCreateSchema, InboxSchema } from "../admin/schemas";
import { listInboxes } from "../admin/statements/inboxes";
import { auditActorOf } from "../audit/record-audit";
import { AppError } from "../errors";
import { countUnresolvedThreads } from "../inboxes/thread-counts";
import { renderInbox } from "./render";
import { defineTool, type ToolContext } from "./tool";

const InboxWithCountsSchema = InboxSchema.extend({
  openThreads: z.number().int().describe("Threads with status open"),
  inProgressThreads: z.number().int().describe("Threads with status in_progress"),
});

const InboxListSchema = z.object({ inboxes: z.array(InboxWithCountsSchema) });
const OneInboxSchema = z.object({ inbox: InboxWithCountsSchema });

async function inboxesWithCounts({ deps, caller }: ToolContext) {
  const [inboxes, counts] = await Promise.all([
    listInboxes(deps.db, caller.org),
    countUnresolvedThreads(deps.db, caller.org.id),
  ]);
  return inboxes.map((inbox) => ({
    ...toInboxView(inbox, caller.org, deps.config.INBOUND_DOMAIN),
    ...(counts.get(inbox.id) ?? { openThreads: 0, inProgressThreads: 0 }),
  }));
}

const readOnly = { readOnlyHint: true, openWorldHint: false } as const;

export const listInboxesTool = defineTool({
  name: "list_inboxes",
  title: "List inboxes",
  description:
    "The organization's inboxes (the addresses clients write to), each with its custom address, whether new threads are acknowledged, and how many threads are open and in progress.",
  input: z.object({}),
  output: InboxListSchema,
  annotations: readOnly,
  run: async (context) => ({ inboxes: await inboxesWithCounts(context) }),
  render: ({ inboxes }) =>
    inboxes.length === 0 ? "No inboxes yet." : inboxes.map((inbox) => renderInbox(inbox)).join("\n"),
});

export const getInboxTool = defineTool({
  name: "get_inbox",
  title: "Get an inbox",
  description: "One inbox of the organization by name (e.g. support), with its open thread counts.",
  input: z.object({ inbox: InboxCreateSchema.shape.name.describe("The inbox name, e.g. support") }),
  output: OneInboxSchema,
  annotations: readOnly,
  run: async (context, { inbox: name }) => {
    const inbox = (await inboxesWithCounts(context)).find((each) => each.name === name);
    if (!inbox) throw new AppError("not_found", `inbox "${name}" not found`);
    return { inbox };
  },
  render: ({ inbox }) => renderInbox(inbox),
});

export const createInboxTool = defineTool({
  name: "create_inbox",
  title: "Create an inbox",
  description:
    "Admins only: creates an inbox and provisions its address <name>.<org>@<inbound domain>. New threads are acknowledged unless autoAck is false.",
  input: InboxCreateSchema,
  output: z.object({ inbox: InboxSchema }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  run: async ({ deps, caller }, input) => {
    const org = await authorizeOrgAdmin(deps.db, caller, caller.org.slug);
    const inbox = await createInbox(deps.db, org, input, auditActorOf(caller));
    return { inbox: toInboxView(inbox, org, deps.config.INBOUND_DOMAIN) };
  },
  render: ({ inbox }) => `Created inbox ${inbox.name}: clients write to ${inbox.address}.`,
});
