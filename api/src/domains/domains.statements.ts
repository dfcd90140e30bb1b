import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { type CustomDomain, customDomains, type Org } from "../db/schema";

const d = alias(customDomains, "d");

/** The DNS records and their state as Postmark answers them, kept with the domain. */
export type PostmarkRecords = Pick<
  CustomDomain,
  | "postmarkId"
  | "dkimHost"
  | "dkimTextValue"
  | "returnPathDomain"
  | "returnPathCnameValue"
  | "dkimVerified"
  | "returnPathVerified"
>;

/** The org's domains by name. */
export function listCustomDomains(db: Db, org: Pick<Org, "id">): Promise<CustomDomain[]> {
  return db
    .select()
    .from(customDomains)
    .where(eq(customDomains.orgId, org.id))
    .orderBy(asc(customDomains.name));
}

/** The org's domain `name` (lower case); null when it has none. */
export async function findCustomDomain(db: Db, orgId: string, name: string): Promise<CustomDomain | null> {
  const [found] = await db
    .select()
    .from(customDomains)
    .where(and(eq(customDomains.orgId, orgId), eq(customDomains.name, name)))
    .limit(1);
  return found ?? null;
}

/** Whether the org already has the domain `name`. */
export async function hasCustomDomain(db: Db, orgId: string, name: string): Promise<boolean> {
  const [existing] = await db
    .select({ id: customDomains.id })
    .from(customDomains)
    .where(and(eq(customDomains.orgId, orgId), eq(customDomains.name, name)))
    .limit(1);
  return existing !== undefined;
}

/** A new domain of the org; one it already has fails on the unique key. */
export async function insertCustomDomain(
  db: Db,
  domain: PostmarkRecords & { orgId: string; name: string; createdAt: Date },
): Promise<CustomDomain> {
  const [row] = await db.insert(customDomains).values(domain).returning();
  return row!;
}

/** Keeps what Postmark found when it last checked the records, and when that was. */
export async function updateCheckedRecords(
  db: Db,
  domainId: string,
  records: PostmarkRecords & { checkedAt: Date },
): Promise<CustomDomain> {
  const [row] = await db.update(customDomains).set(records).where(eq(customDomains.id, domainId)).returning();
  return row!;
}

export async function deleteCustomDomain(db: Db, domainId: string): Promise<void> {
  await db.delete(customDomains).where(eq(customDomains.id, domainId));
}

/*
 * The verified domain predicate, written twice: in SQL for the statements that read it with the
 * inbox (the recipient look-up of each inbound email), in TypeScript where the org's domains are at
 * hand (the settings pages, a domain's view). The two must say the same: change them together.
 */

/** Both DNS records verified: inbox addresses at this domain are sent from. */
export function isVerifiedDomain(domain: { dkimVerified: boolean; returnPathVerified: boolean }): boolean {
  return domain.dkimVerified && domain.returnPathVerified;
}

/** Whether `address` is at one of `domains` whose DKIM and Return-Path records are both verified. */
export function isVerifiedCustomAddress(
  address: string | null,
  domains: readonly { name: string; dkimVerified: boolean; returnPathVerified: boolean }[],
): boolean {
  const domain = address?.split("@")[1]?.toLowerCase();
  return domains.some((d) => d.name === domain && isVerifiedDomain(d));
}

/**
 * SQL: whether `address` is at a custom domain of org `orgId` whose DKIM and Return-Path records
 * are both verified (the same "verified" as `isVerifiedDomain`).
 */
export function verifiedCustomAddressSql(orgId: SQL, address: SQL): SQL {
  return sql`exists (select 1 from ${customDomains} ${d} where ${d.orgId} = ${orgId}
    and ${d.name} = lower(split_part(${address}, '@', 2)) and ${d.dkimVerified} and ${d.returnPathVerified})`;
}
