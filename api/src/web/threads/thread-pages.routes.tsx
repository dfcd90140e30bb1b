import { Hono } from "hono";
import { z } from "zod";
import { THREAD_PRIORITIES, THREAD_STATUSES } from "../../db/schema";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors } from "../http/domain-errors";
import { readForm } from "../http/forms";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { saveThread } from "./save-thread";
import { listPage } from "./thread-list-view";
import { threadPage } from "./thread-view";

const empty = z.literal("");

const UpdateFormSchema = z.object({
  status: z.enum(THREAD_STATUSES, { error: "Choose a status from the list." }),
  status_was: z.string().default(""),
  assignee: z.union([empty, z.email("Choose an assignee from the list.")]).default(""),
  assignee_was: z.string().default(""),
  // a form from before priorities were shown has none: it changes none
  priority: z.enum(THREAD_PRIORITIES, { error: "Choose a priority from the list." }).optional(),
  priority_was: z.string().default(""),
});

export function threadPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/threads", requireMember);
  router.use("/threads/*", requireMember);

  router.get("/threads", listPage);
  router.get("/threads/:ref", (c) => threadPage(c));

  router.post("/threads/:ref", requireCsrf("session"), async (c) => {
    const form = await readForm(c, UpdateFormSchema);
    if (!form.ok) return threadPage(c, form, 400);
    const { status, status_was, assignee, assignee_was, priority, priority_was } = form.data;
    // only what the reader changed: a field they left alone keeps whatever another member set
    const input = {
      ...(status !== status_was ? { status } : {}),
      ...(assignee !== assignee_was ? { assignee: assignee || null } : {}),
      ...(priority && priority !== priority_was ? { priority } : {}),
    };
    try {
      return await saveThread(c, c.get("caller"), input);
    } catch (error) {
      const errors = domainFieldErrors(error, {
        status: "status",
        assignee: "assignee",
        priority: "priority",
      });
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
