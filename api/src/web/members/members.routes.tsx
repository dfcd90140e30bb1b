import { type Context, Hono } from "hono";
import { z } from "zod";
import { addMember, toMemberView, updateMember } from "../../admin/members";
import { removeMember } from "../../admin/remove-member";
import { MemberCreateSchema } from "../../admin/schemas";
import { listMembers } from "../../admin/statements/members";
import { auditActorOf } from "../../audit/record-audit";
import { MEMBER_ROLES } from "../../db/schema";
import { AppError } from "../../errors";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors } from "../http/domain-errors";
import { flash } from "../http/flash";
import { readForm, sentence } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { MembersPage, type MembersProps, type Refusal } from "./members-page";

const RoleFormSchema = z.object({ role: z.enum(MEMBER_ROLES) });
const FIELDS = { email: "email", name: "name", role: "role" };

type Forms = Pick<MembersProps, "add" | "refused">;

async function membersPage(c: Context<WebEnv>, forms: Forms = {}, status: 200 | 400 | 409 = 200) {
  const { member, org } = c.get("caller");
  const found = await listMembers(c.get("deps").db, org);
  const props = { members: found.map(toMemberView), you: member.email, csrf: viewerOf(c)!.csrf, ...forms };
  return renderPage(
    c,
    { title: "Members", active: "/admin/members", wide: true, children: <MembersPage {...props} /> },
    status,
  );
}

/** A change to one member refused by the domain (the last admin), said in that member's row. */
function refusal(c: Context<WebEnv>, error: unknown, email: string, action: Refusal["action"]) {
  if (!(error instanceof AppError) || error.code !== "conflict") throw error;
  const text = sentence(error.message.replace(/^\w+: /, ""));
  return membersPage(c, { refused: { email: email.toLowerCase(), action, text } }, 409);
}

function unassignedWords(refs: string[]): string {
  if (refs.length === 0) return "";
  if (refs.length === 1) return `; their thread ${refs[0]} is unassigned now`;
  return `; their ${refs.length} threads are unassigned now`;
}

const roleWord = (role: string) => (role === "admin" ? "an admin" : "an agent");

/**
 * `/admin/members` (admins): the org's members; adding one, changing a role and removing one, by
 * the admin API's domain functions, so the last admin is kept here as there.
 */
export function memberPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/members", requireMember, requireAdmin);
  router.use("/members/*", requireMember, requireAdmin);
  const csrf = requireCsrf("session");

  router.get("/members", (c) => membersPage(c));

  router.post("/members", csrf, async (c) => {
    const form = await readForm(c, MemberCreateSchema);
    if (!form.ok) return membersPage(c, { add: form }, 400);
    const caller = c.get("caller");
    try {
      const member = await addMember(c.get("deps").db, caller.org, form.data, auditActorOf(caller));
      flash(c, {
        kind: "success",
        text: `${member.email} was added as ${roleWord(member.role)}: they can sign in with their address now.`,
      });
      return c.redirect("/admin/members", 303);
    } catch (error) {
      const errors = domainFieldErrors(error, FIELDS);
      if (!errors) throw error;
      return membersPage(c, { add: { values: form.values, errors } }, 409);
    }
  });

  router.post("/members/:email/role", csrf, async (c) => {
    const email = c.req.param("email");
    const form = await readForm(c, RoleFormSchema);
    if (!form.ok) {
      return membersPage(c, { refused: { email, action: "role", text: "Choose Admin or Agent." } }, 400);
    }
    const caller = c.get("caller");
    try {
      const change = { role: form.data.role };
      const member = await updateMember(c.get("deps").db, caller.org, email, change, auditActorOf(caller));
      flash(c, { kind: "success", text: `${member.email} is ${roleWord(member.role)} now.` });
      return c.redirect("/admin/members", 303);
    } catch (error) {
      return refusal(c, error, email, "role");
    }
  });

  router.post("/members/:email/remove", csrf, async (c) => {
    const email = c.req.param("email");
    const { db, clock } = c.get("deps");
    const caller = c.get("caller");
    try {
      const context = { by: auditActorOf(caller), now: clock.now() };
      const { member, unassigned } = await removeMember(db, caller.org, email, context);
      flash(c, { kind: "success", text: `${member.email} was removed${unassignedWords(unassigned)}.` });
      return c.redirect("/admin/members", 303);
    } catch (error) {
      return refusal(c, error, email, "remove");
    }
  });

  return router;
}
