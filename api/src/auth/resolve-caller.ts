import type { ActionClient } from "../db/schema";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import { findMemberByApiToken, touchApiToken } from "./api-tokens";
import type { Caller, MemberCaller } from "./caller";
import { chooseMembership, findMembershipsByEmail } from "./identity";
import { recordTokenRejection } from "./rejections";
import { API_TOKEN_PREFIX, secretsEqual } from "./secrets";
import type { RejectionReason } from "./token-check";
import { unverifiedIssuer, verifierForIssuer } from "./token-verifiers";

type AuthDeps = Pick<Deps, "db" | "config" | "clock" | "log" | "tokenVerifiers">;

/**
 * What the request presented: the bearer token; for people in several orgs, `X-Tisket-Org`; and
 * `X-Tisket-Client`, which an add-on sends with a pasted API token.
 */
export type Credentials = { token: string; orgSlug: string | undefined; client?: string | undefined };

// an identity token says which add-on sent it; an API token may come from an add-on that says so
const ADDON_CLIENTS: readonly ActionClient[] = ["gmail", "outlook"];

function apiTokenClient(claimed: string | undefined): ActionClient {
  return ADDON_CLIENTS.find((client) => client === claimed?.trim().toLowerCase()) ?? "api";
}

/** The same answer for every bad token, so a refusal tells an attacker nothing. */
export const unauthorized = () =>
  new AppError("unauthorized", "Missing or invalid credentials.", {
    "WWW-Authenticate": 'Bearer realm="tisket"',
  });

/** The operator, or the one member of one org the token stands for; throws 401 after auditing. */
export async function resolveCaller(deps: AuthDeps, credentials: Credentials): Promise<Caller> {
  const { token } = credentials;
  const operatorToken = deps.config.TISKET_ADMIN_TOKEN;
  if (operatorToken && secretsEqual(token, operatorToken)) return { kind: "operator" };
  if (token.startsWith(API_TOKEN_PREFIX)) return resolveApiToken(deps, credentials);
  return resolveIdentityToken(deps, credentials);
}

async function resolveApiToken(
  deps: AuthDeps,
  { token, orgSlug, client }: Credentials,
): Promise<MemberCaller> {
  const now = deps.clock.now();
  const found = await findMemberByApiToken(deps.db, token, now);
  if (!found) return refuse(deps, "unknown_api_token", "api_token");
  // the token already names one member; a header naming another org is a mistake or a probe
  if (orgSlug && orgSlug !== found.org.slug) return refuse(deps, "wrong_org", "api_token");
  await touchApiToken(deps.db, found.apiToken, now);
  const { member, org, requests } = found;
  return { kind: "member", member, org, client: apiTokenClient(client), requests };
}

async function resolveIdentityToken(deps: AuthDeps, { token, orgSlug }: Credentials): Promise<MemberCaller> {
  const issuer = unverifiedIssuer(token);
  if (issuer === undefined) return refuse(deps, "malformed", undefined);
  const verifier = verifierForIssuer(deps.tokenVerifiers, issuer);
  if (!verifier) return refuse(deps, "issuer", issuer);
  const { verify, client } = verifier;
  const checked = await verify(token, deps.clock.now()).catch((error: unknown) => {
    throw keysUnavailable(deps, issuer, error);
  });
  if (!checked.ok) return refuse(deps, checked.reason, issuer);
  const memberships = await findMembershipsByEmail(deps.db, checked.email, orgSlug, deps.clock.now());
  const choice = chooseMembership(memberships, orgSlug);
  if (choice.ok) {
    const { member, org, requests } = choice.membership;
    return { kind: "member", member, org, client, ...(requests === null ? {} : { requests }) };
  }
  if (choice.reason === "ambiguous") {
    throw new AppError(
      "bad_request",
      `You are a member of several orgs; send the X-Tisket-Org header with one of: ${choice.slugs.join(", ")}.`,
    );
  }
  return refuse(deps, choice.reason, issuer);
}

async function refuse(deps: AuthDeps, reason: RejectionReason, issuer: string | undefined): Promise<never> {
  await recordTokenRejection(deps.db, reason, issuer);
  throw unauthorized();
}

// the provider's key set could not be fetched: our problem, not the caller's token
function keysUnavailable(deps: AuthDeps, issuer: string, error: unknown): AppError {
  deps.log.error("identity provider keys unavailable", {
    issuer,
    error: error instanceof Error ? error.message : String(error),
  });
  return new AppError("unavailable", "Sign-in cannot be checked right now; try again shortly.", {
    "Retry-After": "30",
  });
}
