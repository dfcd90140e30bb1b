import { type Context, Hono } from "hono";
import { findInboundEntry } from "../../admin/inbound-entry";
import { listInboundLog } from "../../admin/inbound-log";
import { type RefileAnswer, refileKeptEmail } from "../../admin/refile";
import { auditActorOf } from "../../audit/record-audit";
import { AppError, notFound } from "../../errors";
import { requireCsrf } from "../http/csrf";
import { flash, type Notice } from "../http/flash";
import { renderPage, viewerOf } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { InboundEntryPage, InboundLogPage, type LogSection, NEEDS_ATTENTION } from "./inbound-pages";

const PAGE_SIZE = 25;
const OTHER_STATUSES = ["received", "filed", "duplicate", "rejected"] as const;

type Cursors = { attention?: string | undefined; cursor?: string | undefined };

function pageHref(cursors: Cursors): string {
  const params = new URLSearchParams();
  if (cursors.attention) params.set("attention", cursors.attention);
  if (cursors.cursor) params.set("cursor", cursors.cursor);
  return `/admin/inbound?${params}`;
}

async function logSections(c: Context<WebEnv>, cursors: Cursors) {
  const { db } = c.get("deps");
  const orgId = c.get("caller").org.id;
  const read = (
    statuses: readonly (typeof NEEDS_ATTENTION | typeof OTHER_STATUSES)[number][],
    cursor?: string,
  ) => listInboundLog(db, { orgId, statuses, cursor, limit: PAGE_SIZE });
  const [attention, others] = await Promise.all([
    read(NEEDS_ATTENTION, cursors.attention),
    read(OTHER_STATUSES, cursors.cursor),
  ]);
  const section = (page: typeof attention, next: Cursors): LogSection => ({
    entries: page.emails,
    moreHref: page.nextCursor ? pageHref(next) : null,
  });
  return {
    attention: section(attention, { ...cursors, attention: attention.nextCursor ?? undefined }),
    others: section(others, { ...cursors, cursor: others.nextCursor ?? undefined }),
  };
}

async function logPage(c: Context<WebEnv>) {
  const cursors = { attention: c.req.query("attention"), cursor: c.req.query("cursor") };
  const csrf = viewerOf(c)!.csrf;
  const page = { title: "Inbound mail", active: "/admin/inbound", wide: true };
  try {
    const sections = await logSections(c, cursors);
    const paged = Boolean(cursors.attention || cursors.cursor);
    return renderPage(c, { ...page, children: <InboundLogPage {...sections} paged={paged} csrf={csrf} /> });
  } catch (error) {
    if (!(error instanceof AppError && error.message.startsWith("cursor:"))) throw error;
    const notice: Notice = {
      kind: "error",
      text: "That page of the log no longer exists: showing the newest mail.",
    };
    const sections = await logSections(c, {});
    return renderPage(
      c,
      { ...page, notice, children: <InboundLogPage {...sections} paged={false} csrf={csrf} /> },
      400,
    );
  }
}

/** What a refile did, as the notice on the email's page says it. */
function refileNotice(answer: RefileAnswer): Notice {
  switch (answer.status) {
    case "filed":
      return { kind: "success", text: "Filed: its thread is linked below." };
    case "duplicate":
      return { kind: "info", text: "It was already filed: nothing new was added." };
    case "unrouted":
      return {
        kind: "error",
        text: "Still unrouted: no inbox of this organization has the address it was sent to.",
      };
    default:
      return { kind: "error", text: "It could not be filed: the problem is shown below." };
  }
}

/** `/admin/inbound`: the org's inbound log, each email's raw payload, and **Refile** (admins). */
export function inboundPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/inbound", requireMember, requireAdmin);
  router.use("/inbound/*", requireMember, requireAdmin);

  router.get("/inbound", (c) => logPage(c));

  router.get("/inbound/:id", async (c) => {
    const entry = await findInboundEntry(c.get("deps").db, c.get("caller").org.id, c.req.param("id"));
    if (!entry) throw notFound("inbound email");
    const children = <InboundEntryPage entry={entry} csrf={viewerOf(c)!.csrf} />;
    return renderPage(c, {
      title: entry.subject || "Inbound email",
      active: "/admin/inbound",
      wide: true,
      children,
    });
  });

  router.post("/inbound/:id/refile", requireCsrf("session"), async (c) => {
    const caller = c.get("caller");
    const id = c.req.param("id");
    const answer = await refileKeptEmail(c.get("deps"), id, caller.org.id, auditActorOf(caller));
    flash(c, refileNotice(answer));
    return c.redirect(`/admin/inbound/${id}`, 303);
  });

  return router;
}
