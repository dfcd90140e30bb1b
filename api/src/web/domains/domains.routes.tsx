import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { CustomDomain } from "../../db/schema";
import {
  createCustomDomain,
  removeCustomDomain,
  toCustomDomainView,
  verifyCustomDomain,
} from "../../domains/custom-domains";
import { domainContextOf } from "../../domains/domain-context";
import { listCustomDomains } from "../../domains/domains.statements";
import { AppError } from "../../errors";
import { requireCsrf } from "../http/csrf";
import { domainFieldErrors } from "../http/domain-errors";
import { flash, type Notice } from "../http/flash";
import { type FieldErrors, type FormValues, readForm } from "../http/forms";
import { renderPage, viewerOf } from "../http/render";
import { requireAdmin, requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { DomainsPage } from "./domains-page";

// the text as typed: the domain functions judge it, with the API's own rules and words
const DomainFormSchema = z.object({ domain: z.string().default("") });

type PageState = { errors?: FieldErrors; values?: FormValues; notice?: Notice };

async function domainsPage(c: Context<WebEnv>, state: PageState = {}, status: ContentfulStatusCode = 200) {
  const { db, config } = c.get("deps");
  const domains = await listCustomDomains(db, c.get("caller").org);
  const props = {
    domains: domains.map(toCustomDomainView),
    configured: Boolean(config.POSTMARK_ACCOUNT_TOKEN),
    csrf: viewerOf(c)!.csrf,
    errors: state.errors,
    values: state.values,
  };
  return renderPage(
    c,
    {
      title: "Custom domains",
      active: "/admin/domains",
      wide: true,
      scripts: ["copy-button.js"],
      notice: state.notice,
      children: <DomainsPage {...props} />,
    },
    status,
  );
}

/**
 * What Postmark (or its absence) answered, on the page again: a mistake in the name beside the
 * field, with what was typed; Postmark unreachable or not set up as a notice. Anything else throws.
 */
function answerFailure(c: Context<WebEnv>, error: unknown, values: FormValues = {}) {
  if (!(error instanceof AppError)) throw error;
  const errors = domainFieldErrors(error, { domain: "domain" });
  if (errors) return domainsPage(c, { errors, values }, error.status);
  if (error.code !== "unavailable" && error.code !== "bad_request") throw error;
  return domainsPage(c, { values, notice: { kind: "error", text: error.message } }, error.status);
}

function verifiedNotice(domain: CustomDomain): Notice {
  if (domain.dkimVerified && domain.returnPathVerified) {
    return {
      kind: "success",
      text: `${domain.name} is verified: mail from its addresses is sent from them.`,
    };
  }
  const missing = [
    domain.dkimVerified ? null : "the DKIM record",
    domain.returnPathVerified ? null : "the Return-Path record",
  ].filter(Boolean);
  return {
    kind: "info",
    text: `Postmark did not find ${missing.join(" or ")} of ${domain.name} yet. DNS changes can take a while to show; try Verify again later.`,
  };
}

/**
 * `/admin/domains`: the org's custom domains for its admins (agents get a 403), through the same
 * domain functions, and rules, as the admin API.
 */
export function domainPageRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/domains", requireMember, requireAdmin);
  router.use("/domains/*", requireMember, requireAdmin);
  const change = requireCsrf("session");

  router.get("/domains", (c) => domainsPage(c));

  router.post("/domains", change, async (c) => {
    const { values } = await readForm(c, DomainFormSchema);
    try {
      const ctx = domainContextOf(c.get("deps"), c.get("caller"));
      const domain = await createCustomDomain(ctx, c.get("caller").org, values.domain ?? "");
      flash(c, {
        kind: "success",
        text: `${domain.name} added: publish its two DNS records, then press Verify.`,
      });
      return c.redirect("/admin/domains", 303);
    } catch (error) {
      return answerFailure(c, error, values);
    }
  });

  router.post("/domains/:domain/verify", change, async (c) => {
    try {
      const ctx = domainContextOf(c.get("deps"), c.get("caller"));
      const domain = await verifyCustomDomain(ctx, c.get("caller").org, c.req.param("domain"));
      flash(c, verifiedNotice(domain));
      return c.redirect("/admin/domains", 303);
    } catch (error) {
      return answerFailure(c, error);
    }
  });

  router.post("/domains/:domain/remove", change, async (c) => {
    try {
      const ctx = domainContextOf(c.get("deps"), c.get("caller"));
      const domain = await removeCustomDomain(ctx, c.get("caller").org, c.req.param("domain"));
      flash(c, { kind: "success", text: `${domain.name} removed, here and in Postmark.` });
      return c.redirect("/admin/domains", 303);
    } catch (error) {
      return answerFailure(c, error);
    }
  });

  return router;
}
