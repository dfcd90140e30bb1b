import { Hono } from "hono";
import { AuditQuerySchema } from "../../audit/audit.routes";
import { listAuditActors } from "../../audit/audit-actors";
import { type AuditPage as AuditLogPage, listAudit } from "../../audit/list-audit";
import { AppError } from "../../errors";
import { type FieldErrors, sentence } from "../http/forms";
import { renderPage } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { type AuditFilters, AuditPage, auditHref } from "./audit-page";

const PAGE_SIZE = 50;
// the API's rules for the filters, so the page refuses what the API refuses
const FilterSchema = AuditQuerySchema.pick({ actor: true, kind: true, cursor: true });

/** `/admin/audit`: the org's audit log, filtered by **Actor** and **Kind**, paged (admins). */
export function auditPageRoutes() {
  const router = new Hono<WebEnv>();
  router.get("/audit", requireMember, requireAdmin, async (c) => {
    const { db } = c.get("deps");
    const orgId = c.get("caller").org.id;
    const query = c.req.query();
    const filters: AuditFilters = { actor: query.actor ?? "", kind: query.kind ?? "" };
    const given = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== ""));
    const parsed = FilterSchema.safeParse(given);
    const errors: FieldErrors = {};
    let page: AuditLogPage = { entries: [], nextCursor: null };
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= sentence(issue.message);
    } else {
      try {
        page = await listAudit(db, { orgId, ...parsed.data, limit: PAGE_SIZE });
      } catch (error) {
        if (!(error instanceof AppError && error.message.startsWith("cursor:"))) throw error;
        errors.cursor = "That page of the log no longer exists: start again from the newest entries.";
      }
    }
    const props = {
      filters,
      actors: await listAuditActors(db, orgId),
      errors,
      entries: page.entries,
      olderHref: page.nextCursor ? auditHref(filters, page.nextCursor) : null,
      paged: Boolean(query.cursor),
    };
    const notice = errors.cursor ? { kind: "error" as const, text: errors.cursor } : undefined;
    const status = Object.keys(errors).length > 0 ? 400 : 200;
    return renderPage(
      c,
      { title: "Audit log", active: "/admin/audit", wide: true, notice, children: <AuditPage {...props} /> },
      status,
    );
  });
  return router;
}
