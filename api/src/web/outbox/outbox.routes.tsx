import { Hono } from "hono";
import { auditActorOf } from "../../audit/record-audit";
import { listOutbox } from "../../outbox/outbox-log";
import { retryFailedMail } from "../../outbox/retry-mail";
import { requireCsrf } from "../http/csrf";
import { flash } from "../http/flash";
import { renderPage, viewerOf } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { OutboxPage } from "./outbox-page";

const SHOWN = 100;

/** `/admin/outbox`: the org's mail that could not be sent, and **Retry** (admins). */
export function outboxPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/outbox", requireMember, requireAdmin);
  router.use("/outbox/*", requireMember, requireAdmin);

  router.get("/outbox", async (c) => {
    const { db } = c.get("deps");
    const orgId = c.get("caller").org.id;
    const failed = await listOutbox(db, orgId, { status: "failed", limit: SHOWN });
    const pending = await listOutbox(db, orgId, { status: "pending", limit: SHOWN });
    const retrying = pending.filter((mail) => mail.lastError !== null);
    const children = (
      <OutboxPage failed={failed} retrying={retrying} shown={SHOWN} csrf={viewerOf(c)!.csrf} />
    );
    return renderPage(c, { title: "Outbox", active: "/admin/outbox", wide: true, children });
  });

  router.post("/outbox/:id/retry", requireCsrf("session"), async (c) => {
    const caller = c.get("caller");
    const { mail, requeued } = await retryFailedMail(
      c.get("deps"),
      caller.org.id,
      c.req.param("id"),
      auditActorOf(caller),
    );
    flash(
      c,
      requeued
        ? { kind: "success", text: `The mail to ${mail.recipient} is queued to be sent again.` }
        : {
            kind: "info",
            text: `The mail to ${mail.recipient} was not waiting for a retry: nothing changed.`,
          },
    );
    return c.redirect("/admin/outbox", 303);
  });

  return router;
}
