import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { Org } from "../db/schema";
import { AppError } from "../errors";
import { insertOrg } from "./statements/orgs";

export type OrgView = { slug: string; name: string; createdAt: string };

export async function createOrg(db: Db, input: { slug: string; name: string }, by: AuditActor): Promise<Org> {
  try {
    return await db.transaction(async (tx) => {
      const org = await insertOrg(tx, input);
      await recordAudit(tx, {
        orgId: org.id,
        kind: "org_created",
        by,
        target: org.slug,
        detail: { name: org.name },
      });
      return org;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `slug: an organization "${input.slug}" already exists`);
    }
    throw error;
  }
}

export function toOrgView(org: Org): OrgView {
  return { slug: org.slug, name: org.name, createdAt: org.createdAt.toISOString() };
}
