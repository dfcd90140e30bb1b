import { type Context, Hono } from "hono";
import { z } from "zod";
import { findInboundEntry } from "../../admin/inbound-entry";
import { listInboundLog } from "../../admin/inbound-log";
import { toInboxView } from "../../admin/inboxes";
import { listInboxes } from "../../admin/statements/inboxes";
import { sendTestEmail } from "../../admin/test-email";
import { auditActorOf } from "../../audit/record-audit";
import type { Config } from "../../config";
import { publicUrl } from "../../http/public-url";
import { listSinkMail } from "../../outbox/sink-log";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors } from "../http/domain-errors";
import { type FieldErrors, type FormValues, readForm } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { type SetupFacts, SetupPage } from "./setup-page";

const TestEmailForm = z.object({ inbox: z.string().default("") });

/** The webhook's URL with placeholders where Postmark is to be given the credentials. */
export function webhookUrlOf(config: Pick<Config, "PUBLIC_URL" | "PORT">): string {
  const base = new URL(publicUrl(config));
  const path = base.pathname.replace(/\/+$/, "");
  return `${base.protocol}//WEBHOOK_USERNAME:WEBHOOK_PASSWORD@${base.host}${path}/webhooks/postmark/inbound`;
}

function factsOf(config: Config): SetupFacts {
  return {
    webhookUrl: webhookUrlOf(config),
    webhookCredentialsSet: Boolean(config.WEBHOOK_USERNAME && config.WEBHOOK_PASSWORD),
    publicUrlSet: Boolean(config.PUBLIC_URL),
    inboundDomain: config.INBOUND_DOMAIN,
    postmarkTokenSet: Boolean(config.POSTMARK_SERVER_TOKEN),
    messageStream: config.POSTMARK_MESSAGE_STREAM,
  };
}

type FormState = { errors?: FieldErrors; values?: FormValues };

async function setupPage(c: Context<WebEnv>, form: FormState = {}, status: 200 | 400 = 200) {
  const { db, config } = c.get("deps");
  const { org } = c.get("caller");
  const inboxes = (await listInboxes(db, org)).map((inbox) => toInboxView(inbox, org, config.INBOUND_DOMAIN));
  const [lastDelivery] = (await listInboundLog(db, { orgId: org.id, limit: 1 })).emails;
  const testedId = c.req.query("test");
  const props = {
    facts: factsOf(config),
    inboxes: inboxes.map((inbox) => ({ value: inbox.name, label: `${inbox.name} (${inbox.address})` })),
    lastDelivery: lastDelivery ?? null,
    sink: config.POSTMARK_SERVER_TOKEN ? null : await listSinkMail(db, org.id),
    tested: testedId ? await findInboundEntry(db, org.id, testedId) : null,
    csrf: viewerOf(c)!.csrf,
    ...form,
  };
  return renderPage(
    c,
    {
      title: "Postmark setup",
      active: "/admin/setup",
      wide: true,
      scripts: ["copy-button.js"],
      children: <SetupPage {...props} />,
    },
    status,
  );
}

/** `/admin/setup`: connecting Postmark, and **Send a test email** through the webhook's pipeline. */
export function setupPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/setup", requireMember, requireAdmin);
  router.use("/setup/*", requireMember, requireAdmin);

  router.get("/setup", (c) => setupPage(c));

  router.post("/setup/test-email", requireCsrf("session"), async (c) => {
    const { values } = await readForm(c, TestEmailForm);
    const caller = c.get("caller");
    try {
      const result = await sendTestEmail(c.get("deps"), caller.org, values.inbox ?? "", auditActorOf(caller));
      // the page it lands on says what became of the email, with a link to its thread
      return c.redirect(`/admin/setup?test=${result.inboundId}`, 303);
    } catch (error) {
      const errors = domainFieldErrors(error, { inbox: "inbox" });
      if (!errors) throw error;
      return setupPage(c, { errors, values }, 400);
    }
  });

  return router;
}
