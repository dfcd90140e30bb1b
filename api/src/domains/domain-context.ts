import { auditActorOf } from "../audit/record-audit";
import type { Caller } from "../auth/caller";
import type { Deps } from "../deps";
import type { DomainContext } from "./custom-domains";
import { postmarkDomainsFor, requirePostmarkDomains } from "./postmark-domains";

/**
 * What a change to custom domains acts with, for the API and the settings page alike. Without
 * POSTMARK_ACCOUNT_TOKEN this is a 503 that says what to set.
 */
export function domainContextOf(deps: Deps, caller: Caller): DomainContext {
  return {
    db: deps.db,
    postmark: requirePostmarkDomains(postmarkDomainsFor(deps.config)),
    by: auditActorOf(caller),
    now: deps.clock.now(),
    log: deps.log,
    inboundDomain: deps.config.INBOUND_DOMAIN,
  };
}
