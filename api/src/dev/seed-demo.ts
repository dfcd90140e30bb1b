import { count } from "drizzle-orm";
import { createApiToken } from "../auth/api-tokens";
import type { Db } from "../db/client";
import { inboxes, members, orgs } from "../db/schema";

export const DEMO = { slug: "demo", name: "Demo Company", inbox: "support", admin: "admin@demo.example" };

/** On an empty database: a demo org, inbox and admin, so a newcomer has something to try. */
export async function seedDemoIfEmpty(db: Db): Promise<{ token: string } | null> {
  const [existing] = await db.select({ n: count() }).from(orgs);
  if ((existing?.n ?? 0) > 0) return null;
  return db.transaction(async (tx) => {
    const [org] = await tx.insert(orgs).values({ slug: DEMO.slug, name: DEMO.name }).returning();
    await tx.insert(inboxes).values({ orgId: org!.id, name: DEMO.inbox });
    const [admin] = await tx
      .insert(members)
      .values({ orgId: org!.id, email: DEMO.admin, name: "Demo Admin", role: "admin" })
      .returning();
    return createApiToken(tx, admin!, "first run");
  });
}
