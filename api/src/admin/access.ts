import type { Caller } from "../auth/caller";
import type { Db } from "../db/client";
import type { Org } from "../db/schema";
import { AppError, notFound } from "../errors";
import { findOrgBySlug } from "./statements/orgs";

export function requireOperator(caller: Caller): void {
  if (caller.kind !== "operator") throw new AppError("forbidden", "Only the operator may do this.");
}

/**
 * The org `slug` if the caller may administer it: the operator any org, an admin only its own.
 * Another org is "not found" for a member whether it exists or not, so a token never confirms it.
 */
export async function authorizeOrgAdmin(db: Db, caller: Caller, slug: string): Promise<Org> {
  if (caller.kind === "operator") {
    const org = await findOrgBySlug(db, slug);
    if (!org) throw notFound("organization");
    return org;
  }
  if (caller.org.slug !== slug) throw notFound("organization");
  if (caller.member.role !== "admin") {
    throw new AppError("forbidden", "Only an admin of this organization may do this.");
  }
  return caller.org;
}
