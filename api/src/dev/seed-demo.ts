import { insertMember } from "../admin/statements/members";
import { findOrgBySlug, insertOrg } from "../admin/statements/orgs";
import { createApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import type { Deps } from "../deps";
import { ingestInbound } from "../inbound/ingest";
import { rawBodyOf } from "../inbound/raw-body";
import { createSignInLink } from "../web/sign-in/sign-in-links";
import { DEMO } from "./demo";
import { demoEmailPayload } from "./demo-email";
import { countOrgs, countThreadsOf, findMemberEmailInOrg, insertDefaultInbox } from "./dev.statements";

export { DEMO };

/** On an empty database: a demo org, inbox and admin, so a newcomer has something to try. */
export async function seedDemoIfEmpty(db: Db): Promise<{ token: string } | null> {
  if ((await countOrgs(db)) > 0) return null;
  return db.transaction(async (tx) => {
    const org = await insertOrg(tx, { slug: DEMO.slug, name: DEMO.name });
    await insertDefaultInbox(tx, { orgId: org.id, name: DEMO.inbox });
    const admin = await insertMember(tx, {
      orgId: org.id,
      email: DEMO.admin,
      name: "Demo Admin",
      role: "admin",
    });
    return createApiToken(tx, admin, "first run");
  });
}

/**
 * Files the sample client email into the demo org when it has no thread yet, through the webhook's
 * own pipeline (so it is acknowledged too): a newcomer who signs in sees a thread at once.
 */
export async function seedDemoThreadIfNone(
  deps: Pick<Deps, "db" | "config" | "clock" | "log">,
): Promise<void> {
  const org = await findOrgBySlug(deps.db, DEMO.slug);
  if (!org) return;
  if ((await countThreadsOf(deps.db, org.id)) > 0) return;
  await ingestInbound(deps, rawBodyOf(JSON.stringify(demoEmailPayload(deps.config))));
}

/** A sign-in link for the demo admin, for a development instance's console; null once they are gone. */
export async function demoSignInLink(deps: Pick<Deps, "db" | "config" | "clock">): Promise<string | null> {
  const admin = await findMemberEmailInOrg(deps.db, DEMO.slug, DEMO.admin);
  return admin ? createSignInLink(deps.db, deps.config, admin, deps.clock.now()) : null;
}
