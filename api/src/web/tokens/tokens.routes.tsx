import { type Context, Hono } from "hono";
import { z } from "zod";
import { TokenCreateSchema } from "../../admin/schemas";
import { listMembers } from "../../admin/statements/members";
import { type IssuedToken, issueToken, listTokens, revokeToken } from "../../admin/tokens";
import { auditActorOf } from "../../audit/record-audit";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors } from "../http/domain-errors";
import { flash } from "../http/flash";
import { readForm } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { TokensPage, type TokensProps } from "./tokens-page";

// the label by the API's rule; the member is judged by `issueToken`, as in the API
const CreateFormSchema = z.object({ label: TokenCreateSchema.shape.label, email: z.string().optional() });

type Shown = Pick<TokensProps, "issued" | "create">;

async function tokensPage(c: Context<WebEnv>, shown: Shown = {}, status: 200 | 400 = 200) {
  const { db } = c.get("deps");
  const { member, org } = c.get("caller");
  const admin = member.role === "admin";
  const tokens = await listTokens(db, org, admin ? {} : { ofMember: member.id });
  const members = admin ? await listMembers(db, org) : [];
  const props: TokensProps = {
    tokens,
    admin,
    you: member.email,
    members: members.map((m) => ({ value: m.email, label: m.name ? `${m.name} (${m.email})` : m.email })),
    csrf: viewerOf(c)!.csrf,
    ...shown,
  };
  return renderPage(
    c,
    {
      title: "API tokens",
      active: "/admin/tokens",
      wide: true,
      scripts: ["copy-button.js"],
      children: <TokensPage {...props} />,
    },
    status,
  );
}

/**
 * `/admin/tokens` (every member): an agent makes and revokes their own tokens, an admin anyone's in
 * the org, through the admin API's domain functions. A new token is in the answer to its POST only:
 * never in a URL or a cookie, and a reload of the page does not show it.
 */
export function tokenPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/tokens", requireMember);
  router.use("/tokens/*", requireMember);
  const csrf = requireCsrf("session");

  router.get("/tokens", (c) => tokensPage(c));

  router.post("/tokens", csrf, async (c) => {
    const form = await readForm(c, CreateFormSchema);
    if (!form.ok) return tokensPage(c, { create: form }, 400);
    const caller = c.get("caller");
    const admin = caller.member.role === "admin";
    const email = admin && form.data.email ? form.data.email : caller.member.email;
    let issued: IssuedToken;
    try {
      const input = { email, label: form.data.label, by: auditActorOf(caller) };
      issued = await issueToken(c.get("deps").db, caller.org, input);
    } catch (error) {
      const errors = domainFieldErrors(error, { email: "email" });
      if (!errors) throw error;
      return tokensPage(c, { create: { values: form.values, errors } }, 400);
    }
    return tokensPage(c, { issued });
  });

  router.post("/tokens/:id/revoke", csrf, async (c) => {
    const { db, clock } = c.get("deps");
    const caller = c.get("caller");
    const ofMember = caller.member.role === "admin" ? undefined : caller.member.id;
    const input = { id: c.req.param("id"), by: auditActorOf(caller), now: clock.now(), ofMember };
    const token = await revokeToken(db, caller.org, input);
    const which = token.label ? `Token “${token.label}”` : "The token";
    flash(c, { kind: "success", text: `${which} of ${token.email} was revoked: it no longer works.` });
    return c.redirect("/admin/tokens", 303);
  });

  return router;
}
