import { type Context, Hono } from "hono";
import { z } from "zod";
import { createInbox, type InboxSettings, toInboxView, updateInbox } from "../../admin/inboxes";
import { InboxCreateSchema, InboxRules } from "../../admin/schemas";
import { listInboxes } from "../../admin/statements/inboxes";
import { auditActorOf } from "../../audit/record-audit";
import { isVerifiedCustomAddress, listCustomDomains } from "../../domains/domains.statements";
import { AppError, badRequest, notFound } from "../../errors";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors, optionalField } from "../http/domain-errors";
import { flash } from "../http/flash";
import { type FieldErrors, readForm } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { previewAcknowledgement } from "./ack-preview";
import { InboxesPage, type InboxesProps } from "./inboxes-page";

// browsers send a text area's lines ended by CRLF; the mail and the API's text have LF
const withLfLineEnds = (text: string) => text.replace(/\r\n?/g, "\n");

// the text as typed; each field is judged by the API's own rule for it, its message kept
const minutesFromText = z
  .string()
  .regex(/^\d+$/, "a whole number of minutes")
  .transform(Number)
  .pipe(InboxRules.targetMinutes);
const SettingsFormSchema = z.object({
  autoAck: z.string().optional(),
  autoAckMessage: optionalField(InboxRules.autoAckMessage, withLfLineEnds),
  customAddress: optionalField(InboxRules.customAddress),
  firstResponseMinutes: optionalField(minutesFromText),
  resolutionMinutes: optionalField(minutesFromText),
});
const CreateFormSchema = z.object({ name: z.string().default("") });
const PreviewSchema = z.object({ autoAckMessage: z.string().max(20_000) });
const FIELDS = {
  name: "name",
  autoAckMessage: "autoAckMessage",
  customAddress: "customAddress",
  firstResponseMinutes: "firstResponseMinutes",
  resolutionMinutes: "resolutionMinutes",
};

type Status = 200 | 400 | 409;
type Forms = Pick<InboxesProps, "create" | "edit">;

async function inboxesPage(c: Context<WebEnv>, forms: Forms = {}, status: Status = 200) {
  const { db, config } = c.get("deps");
  const { org } = c.get("caller");
  const [rows, domains] = await Promise.all([listInboxes(db, org), listCustomDomains(db, org)]);
  const items = rows.map((row) => {
    const inbox = toInboxView(row, org, config.INBOUND_DOMAIN);
    const typed = forms.edit?.inbox === inbox.name ? forms.edit.values?.autoAckMessage : undefined;
    const text = typed === undefined ? inbox.autoAckMessage : withLfLineEnds(typed).trim() || null;
    const sending = {
      ...inbox,
      customAddressVerified: isVerifiedCustomAddress(inbox.customAddress, domains),
    };
    return { inbox, preview: previewAcknowledgement(org, sending, text, config.INBOUND_DOMAIN) };
  });
  const props = { items, csrf: viewerOf(c)!.csrf, ...forms };
  // the form may be far down the page: say at the top why nothing was saved
  const notice = forms.edit
    ? {
        kind: "error" as const,
        text: `Inbox “${forms.edit.inbox}” was not saved: correct the marked fields.`,
      }
    : undefined;
  return renderPage(
    c,
    {
      title: "Inboxes",
      notice,
      active: "/admin/inboxes",
      wide: true,
      scripts: ["copy-button.js", "ack-preview.js"],
      children: <InboxesPage {...props} />,
    },
    status,
  );
}

/** A mistake the domain found, beside its field on the form it came from; anything else is thrown. */
function answerMistake(c: Context<WebEnv>, error: unknown, forms: (errors: FieldErrors) => Forms) {
  const errors = domainFieldErrors(error, FIELDS);
  if (!errors) throw error;
  const status = error instanceof AppError && error.code === "conflict" ? 409 : 400;
  return inboxesPage(c, forms(errors), status);
}

function settingsOf(data: z.output<typeof SettingsFormSchema>): InboxSettings {
  return {
    autoAck: data.autoAck === "on",
    autoAckMessage: data.autoAckMessage ?? null,
    customAddress: data.customAddress ?? null,
    firstResponseMinutes: data.firstResponseMinutes ?? null,
    resolutionMinutes: data.resolutionMinutes ?? null,
  };
}

async function requireInbox(c: Context<WebEnv>, name: string) {
  const found = await listInboxes(c.get("deps").db, c.get("caller").org);
  const inbox = found.find((row) => row.name === name);
  if (!inbox) throw notFound("inbox");
  return inbox;
}

/**
 * `/admin/inboxes` (admins): the inboxes with their settings, and a new inbox, through the same
 * domain functions and rules as the admin API; the acknowledgement preview uses the mail's builder.
 */
export function inboxPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/inboxes", requireMember, requireAdmin);
  router.use("/inboxes/*", requireMember, requireAdmin);
  const csrf = requireCsrf("session");

  router.get("/inboxes", (c) => inboxesPage(c));

  router.post("/inboxes", csrf, async (c) => {
    const { db, config } = c.get("deps");
    const { values } = await readForm(c, CreateFormSchema);
    const name = values.name?.trim() ?? "";
    try {
      const parsed = InboxCreateSchema.pick({ name: true }).safeParse({ name });
      if (!parsed.success) throw badRequest(`name: ${parsed.error.issues[0]?.message}`);
      const caller = c.get("caller");
      const inbox = await createInbox(db, caller.org, { name }, auditActorOf(caller));
      const address = toInboxView(inbox, caller.org, config.INBOUND_DOMAIN).address;
      flash(c, { kind: "success", text: `Inbox “${inbox.name}” created: clients write to ${address}.` });
      return c.redirect(`/admin/inboxes#inbox-${inbox.name}`, 303);
    } catch (error) {
      return answerMistake(c, error, (errors) => ({ create: { values, errors } }));
    }
  });

  router.post("/inboxes/:name", csrf, async (c) => {
    const { db, config } = c.get("deps");
    const inbox = await requireInbox(c, c.req.param("name"));
    const form = await readForm(c, SettingsFormSchema);
    const edit = (errors: FieldErrors) => ({
      edit: { inbox: inbox.name, values: form.values, errors },
    });
    if (!form.ok) return inboxesPage(c, edit(form.errors), 400);
    try {
      const caller = c.get("caller");
      const context = { inboundDomain: config.INBOUND_DOMAIN, by: auditActorOf(caller) };
      await updateInbox(db, caller.org, inbox.name, settingsOf(form.data), context);
      flash(c, { kind: "success", text: `Inbox “${inbox.name}” saved.` });
      return c.redirect(`/admin/inboxes#inbox-${inbox.name}`, 303);
    } catch (error) {
      return answerMistake(c, error, edit);
    }
  });

  router.post("/inboxes/:name/preview", csrf, async (c) => {
    const { config } = c.get("deps");
    const inbox = await requireInbox(c, c.req.param("name"));
    const parsed = PreviewSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) throw badRequest("autoAckMessage: give the text to preview");
    const text = parsed.data.autoAckMessage.trim() || null;
    const { org } = c.get("caller");
    const domains = await listCustomDomains(c.get("deps").db, org);
    const sending = {
      ...inbox,
      customAddressVerified: isVerifiedCustomAddress(inbox.customAddress, domains),
    };
    const mail = previewAcknowledgement(org, sending, text, config.INBOUND_DOMAIN);
    return c.json({ from: mail.fromHeader, subject: mail.subject, text: mail.text });
  });

  return router;
}
