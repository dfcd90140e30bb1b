import { randomBytes } from "node:crypto";
import { createApiToken } from "../../api/src/auth/api-tokens";
import type { Db } from "../../api/src/db/client";
import {
  type Inbox,
  inboxes,
  type Member,
  type MemberRole,
  members,
  type Org,
  orgs,
} from "../../api/src/db/schema";

const unique = () => randomBytes(4).toString("hex");

export async function makeOrg(db: Db, values: Partial<Pick<Org, "slug" | "name">> = {}): Promise<Org> {
  const slug = values.slug ?? `org-${unique()}`;
  const [org] = await db
    .insert(orgs)
    .values({ slug, name: values.name ?? slug })
    .returning();
  return org!;
}

export async function makeInbox(
  db: Db,
  org: Org,
  values: Partial<Pick<Inbox, "name" | "autoAck" | "autoAckMessage" | "customAddress">> = {},
): Promise<Inbox> {
  const [inbox] = await db
    .insert(inboxes)
    .values({ orgId: org.id, name: values.name ?? "support", ...values })
    .returning();
  return inbox!;
}

export async function makeMember(
  db: Db,
  org: Org,
  values: { email?: string; name?: string; role?: MemberRole } = {},
): Promise<Member & { token: string }> {
  const [member] = await db
    .insert(members)
    .values({
      orgId: org.id,
      email: (values.email ?? `agent-${unique()}@staff.example`).toLowerCase(),
      name: values.name ?? "Agent",
      role: values.role ?? "agent",
    })
    .returning();
  const { token } = await createApiToken(db, member!);
  return { ...member!, token };
}

/** An org with one inbox `support` and an admin: the usual starting point of a test. */
export async function makeOrgWithInbox(db: Db, inboxValues: Parameters<typeof makeInbox>[2] = {}) {
  const org = await makeOrg(db);
  const inbox = await makeInbox(db, org, inboxValues);
  const admin = await makeMember(db, org, { role: "admin", name: "Ada Admin" });
  return { org, inbox, admin };
}
