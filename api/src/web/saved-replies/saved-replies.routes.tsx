import { type Context, Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { AppError } from "../../errors";
import {
  createSavedReply,
  deleteSavedReply,
  listSavedReplies,
  requireSavedReply,
  toSavedReplyView,
  updateSavedReply,
} from "../../saved-replies/saved-replies";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors } from "../http/domain-errors";
import { flash } from "../http/flash";
import { type FieldErrors, type FormValues, readForm } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { EditReplyPage, SavedRepliesPage } from "./saved-replies-page";

// the text as typed: the domain functions judge it, with the API's own rules and words
const ReplyFormSchema = z.object({ name: z.string().default(""), body: z.string().default("") });
const FIELDS = { name: "name", body: "body" };

type FormState = { errors?: FieldErrors; values?: FormValues };
type Status = 200 | 400 | 409;

const adminsOnly = createMiddleware<WebEnv>(async (c, next) => {
  const { member, org } = c.get("caller");
  if (member.role !== "admin") {
    throw new AppError("forbidden", `Only the admins of ${org.name} can change saved replies.`);
  }
  await next();
});

async function listPage(c: Context<WebEnv>, form: FormState = {}, status: Status = 200) {
  const caller = c.get("caller");
  const replies = await listSavedReplies(c.get("deps").db, caller.org.id);
  const props = { replies, admin: caller.member.role === "admin", csrf: viewerOf(c)!.csrf, ...form };
  return renderPage(
    c,
    {
      title: "Saved replies",
      active: "/admin/saved-replies",
      wide: true,
      children: <SavedRepliesPage {...props} />,
    },
    status,
  );
}

async function editPage(c: Context<WebEnv>, form: FormState = {}, status: Status = 200) {
  const row = await requireSavedReply(c.get("deps").db, c.get("caller").org.id, c.req.param("id") ?? "");
  const props = { reply: toSavedReplyView(row), csrf: viewerOf(c)!.csrf, ...form };
  return renderPage(
    c,
    {
      title: `Edit ${row.name}`,
      active: "/admin/saved-replies",
      wide: true,
      children: <EditReplyPage {...props} />,
    },
    status,
  );
}

/** A mistake the domain found, beside its field on the page it came from; anything else is thrown. */
function answerMistake(
  error: unknown,
  values: FormValues,
  page: (form: FormState, status: Status) => Promise<Response>,
) {
  const errors = domainFieldErrors(error, FIELDS);
  if (!errors) throw error;
  return page({ errors, values }, error instanceof AppError && error.code === "conflict" ? 409 : 400);
}

/**
 * `/admin/saved-replies`: the org's saved replies for every member; creating, editing and
 * deleting them for admins, through the same domain functions (and rules) as the API.
 */
export function savedReplyPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/saved-replies", requireMember);
  router.use("/saved-replies/*", requireMember);
  const change = [requireCsrf("session"), adminsOnly] as const;

  router.get("/saved-replies", (c) => listPage(c));

  router.post("/saved-replies", ...change, async (c) => {
    const { values } = await readForm(c, ReplyFormSchema);
    try {
      const reply = await createSavedReply(c.get("deps").db, c.get("caller"), {
        name: values.name ?? "",
        body: values.body ?? "",
      });
      flash(c, { kind: "success", text: `Saved reply “${reply.name}” created.` });
      return c.redirect("/admin/saved-replies", 303);
    } catch (error) {
      return answerMistake(error, values, (form, status) => listPage(c, form, status));
    }
  });

  router.get("/saved-replies/:id", adminsOnly, (c) => editPage(c));

  router.post("/saved-replies/:id", ...change, async (c) => {
    const { db, clock } = c.get("deps");
    const { values } = await readForm(c, ReplyFormSchema);
    try {
      const input = { name: values.name ?? "", body: values.body ?? "" };
      const reply = await updateSavedReply(db, c.get("caller"), c.req.param("id"), input, clock.now());
      flash(c, { kind: "success", text: `Saved reply “${reply.name}” saved.` });
      return c.redirect("/admin/saved-replies", 303);
    } catch (error) {
      return answerMistake(error, values, (form, status) => editPage(c, form, status));
    }
  });

  router.post("/saved-replies/:id/delete", ...change, async (c) => {
    const { db } = c.get("deps");
    const row = await requireSavedReply(db, c.get("caller").org.id, c.req.param("id"));
    await deleteSavedReply(db, c.get("caller"), row.id);
    flash(c, { kind: "success", text: `Saved reply “${row.name}” deleted.` });
    return c.redirect("/admin/saved-replies", 303);
  });

  return router;
}
