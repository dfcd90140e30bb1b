import { randomBytes } from "node:crypto";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { normalizeEmail } from "../../../../shared/src/addresses";
import { clientIp } from "../http/client-ip";
import { clearCookie, readCookie, writeCookie } from "../http/cookies";
import { csrfTokenOf, hasValidCsrfToken, requireCsrf } from "../http/csrf";
import { flash } from "../http/flash";
import { readForm } from "../http/forms";
import { renderPage } from "../http/render";
import { endSession } from "../session/session.statements";
import { chooseSessionOrg, membershipsOf, startSession } from "../session/sessions";
import type { WebEnv } from "../web-env";
import { recordSignInEvent } from "./sign-in.statements";
import { limitSignInRequests } from "./sign-in-limits";
import { peekSignInLink, redeemSignInLink, requestSignInLink } from "./sign-in-links";
import {
  BadLinkPage,
  CheckEmailPage,
  ChooseOrgPage,
  ContinuePage,
  LoginPage,
  NotMemberPage,
} from "./sign-in-pages";

const EmailFormSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .max(320, "That is too long for an email address.")
    .pipe(z.email("Enter an email address such as ada@example.com.")),
});

const OrgFormSchema = z.object({ org: z.string().min(1, "Choose an organization.").max(100) });

const EXPIRED_FORM = "This form expired. Press the button again.";

/**
 * The pre-session cookie the sign-in forms' CSRF token is bound to, made when missing; answers
 * this page's token (a cookie set now is not readable until the next request).
 */
function preSessionCsrf(c: Context<WebEnv>): string {
  const existing = readCookie(c, "preSession");
  if (existing) return csrfTokenOf(c, "pre-session", existing)!;
  const value = randomBytes(18).toString("base64url");
  writeCookie(c, "preSession", value, c.get("deps").config);
  return csrfTokenOf(c, "pre-session", value)!;
}

// only a page of ours, and never one of the sign-in steps themselves
function takeNext(c: Context<WebEnv>): string {
  const next = readCookie(c, "next");
  if (next) clearCookie(c, "next", c.get("deps").config);
  const usable =
    next && /^\/admin\/[a-z]/.test(next) && !/^\/admin\/(login|logout|live|assets|orgs)/.test(next);
  return usable ? next : "/admin/threads";
}

export function signInRoutes() {
  const router = new Hono<WebEnv>();

  router.get("/login", (c) => {
    if (c.get("session")?.membership) return c.redirect("/admin/threads", 302);
    return renderPage(c, { title: "Sign in", children: <LoginPage csrf={preSessionCsrf(c)} /> });
  });

  router.post("/login", async (c) => {
    const deps = c.get("deps");
    const form = await readForm(c, EmailFormSchema);
    const csrf = preSessionCsrf(c);
    const again = (status: 400 | 403, problem?: string) =>
      renderPage(
        c,
        {
          title: "Sign in",
          children: (
            <LoginPage
              csrf={csrf}
              values={form.values}
              errors={form.ok ? {} : form.errors}
              problem={problem}
            />
          ),
        },
        status,
      );
    if (!(await hasValidCsrfToken(c, "pre-session"))) return again(403, EXPIRED_FORM);
    if (!form.ok) return again(400);
    const email = normalizeEmail(form.data.email);
    await limitSignInRequests(deps, { email, ip: clientIp(c) });
    await requestSignInLink(deps, email);
    return renderPage(c, { title: "Check your email", children: <CheckEmailPage email={email} /> });
  });

  router.get("/login/:token", async (c) => {
    const deps = c.get("deps");
    const csrf = preSessionCsrf(c);
    const email = await peekSignInLink(deps.db, c.req.param("token"), deps.clock.now());
    if (!email) return renderPage(c, { title: "Link expired", children: <BadLinkPage csrf={csrf} /> }, 400);
    return renderPage(c, {
      title: "Sign in",
      children: <ContinuePage email={email} action={c.req.path} csrf={csrf} />,
    });
  });

  router.post("/login/:token", async (c) => {
    const deps = c.get("deps");
    const token = c.req.param("token");
    const now = deps.clock.now();
    if (!(await hasValidCsrfToken(c, "pre-session"))) {
      const email = await peekSignInLink(deps.db, token, now);
      const csrf = preSessionCsrf(c);
      const page = email ? (
        <ContinuePage email={email} action={c.req.path} csrf={csrf} problem={EXPIRED_FORM} />
      ) : (
        <BadLinkPage csrf={csrf} />
      );
      return renderPage(c, { title: "Sign in", children: page }, 403);
    }
    const email = await redeemSignInLink(deps.db, token, now);
    if (!email) {
      return renderPage(
        c,
        { title: "Link expired", children: <BadLinkPage csrf={preSessionCsrf(c)} /> },
        400,
      );
    }
    const memberships = await membershipsOf(deps.db, email);
    const only = memberships.length === 1 ? memberships[0]! : null;
    if (memberships.length === 0) {
      return renderPage(c, { title: "No organization", children: <NotMemberPage email={email} /> }, 403);
    }
    // a browser signs in as one person: a session it had before ends here
    const previous = c.get("session");
    if (previous) await endSession(deps.db, previous.id);
    const session = await startSession(deps.db, { email, memberId: only?.member.id ?? null, now });
    writeCookie(c, "session", session.token, deps.config);
    clearCookie(c, "preSession", deps.config);
    if (!only) return c.redirect("/admin/orgs", 303);
    await recordSignInEvent(deps.db, {
      orgId: only.org.id,
      kind: "signed_in",
      email,
      detail: { ip: clientIp(c) },
    });
    return c.redirect(takeNext(c), 303);
  });

  router.post("/logout", async (c, next) => {
    // a session that already ended has nothing to sign out of
    if (!c.get("session")) return c.redirect("/admin/login", 303);
    return requireCsrf("session")(c, next);
  });
  router.post("/logout", async (c) => {
    const deps = c.get("deps");
    const session = c.get("session")!;
    await endSession(deps.db, session.id);
    if (session.membership) {
      await recordSignInEvent(deps.db, {
        orgId: session.membership.org.id,
        kind: "signed_out",
        email: session.email,
        detail: { ip: clientIp(c) },
      });
    }
    clearCookie(c, "session", deps.config);
    flash(c, { kind: "info", text: "You are signed out." });
    return c.redirect("/admin/login", 303);
  });

  router.get("/orgs", async (c) => {
    const session = c.get("session");
    if (!session) return c.redirect("/admin/login", 302);
    const memberships = await membershipsOf(c.get("deps").db, session.email);
    const page = (
      <ChooseOrgPage
        memberships={memberships}
        currentOrgId={session.membership?.org.id ?? null}
        csrf={csrfTokenOf(c, "session")!}
      />
    );
    return renderPage(c, { title: "Choose an organization", children: page });
  });

  router.post("/orgs", async (c, next) => {
    if (!c.get("session")) return c.redirect("/admin/login", 303);
    return requireCsrf("session")(c, next);
  });
  router.post("/orgs", async (c) => {
    const deps = c.get("deps");
    const session = c.get("session")!;
    const form = await readForm(c, OrgFormSchema);
    const chosen = form.ok ? await chooseSessionOrg(deps.db, session, form.data.org) : null;
    if (!chosen) {
      flash(c, { kind: "error", text: "You are not a member of that organization. Choose one of yours." });
      return c.redirect("/admin/orgs", 303);
    }
    const previous = session.membership?.org ?? null;
    await recordSignInEvent(deps.db, {
      orgId: chosen.org.id,
      kind: previous ? "org_switched" : "signed_in",
      email: session.email,
      detail: previous ? { from: previous.slug, ip: clientIp(c) } : { ip: clientIp(c) },
    });
    if (previous) flash(c, { kind: "success", text: `You are now working in ${chosen.org.name}.` });
    return c.redirect(previous ? "/admin/threads" : takeNext(c), 303);
  });

  return router;
}
