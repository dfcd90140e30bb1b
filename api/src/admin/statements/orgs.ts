import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Org, orgs } from "../../db/schema";

export async function findOrgBySlug(db: Db, slug: string): Promise<Org | null> {
  const [org] = await db.select().from(orgs).where(eq(orgs.slug, slug)).limit(1);
  return org ?? null;
}

/** A new org; a slug already taken fails on the unique key. */
export async function insertOrg(db: Db, org: { slug: string; name: string }): Promise<Org> {
  const [row] = await db.insert(orgs).values({ slug: org.slug, name: org.name }).returning();
  return row!;
}
