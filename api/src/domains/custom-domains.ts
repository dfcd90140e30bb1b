import { type AuditActor, recordAudit } from "../audit/record-audit";
import type { Db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import type { CustomDomain, Org } from "../db/schema";
import type { Logger } from "../deps";
import { AppError, notFound } from "../errors";
import { customDomainName, returnPathDomainOf } from "./domain-name";
import {
  deleteCustomDomain,
  findCustomDomain,
  hasCustomDomain,
  insertCustomDomain,
  isVerifiedDomain,
  type PostmarkRecords,
  updateCheckedRecords,
} from "./domains.statements";
import { type PostmarkDomain, type PostmarkDomains, PostmarkRefusal } from "./postmark-domains";

export type DnsRecordView = { type: "TXT" | "CNAME"; host: string; value: string; verified: boolean };

export type CustomDomainView = {
  domain: string;
  /** both records verified: inbox addresses at this domain are sent from */
  verified: boolean;
  dkim: DnsRecordView;
  returnPath: DnsRecordView;
  createdAt: string;
  checkedAt: string | null;
};

/** What the domain functions act with: the database, Postmark's Domains API, who acts and when. */
export type DomainContext = {
  db: Db;
  postmark: PostmarkDomains;
  by: AuditActor;
  now: Date;
  log: Logger;
  inboundDomain: string;
};

const fromPostmark = (domain: PostmarkDomain): PostmarkRecords => ({
  postmarkId: domain.id,
  dkimHost: domain.dkimHost,
  dkimTextValue: domain.dkimTextValue,
  returnPathDomain: domain.returnPathDomain,
  returnPathCnameValue: domain.returnPathCnameValue,
  dkimVerified: domain.dkimVerified,
  returnPathVerified: domain.returnPathVerified,
});

/** The org's domain `name`; another org's, or none, is not found. */
export async function requireCustomDomain(db: Db, org: Org, name: string): Promise<CustomDomain> {
  const found = await findCustomDomain(db, org.id, name.trim().toLowerCase());
  if (!found) throw notFound("domain");
  return found;
}

/**
 * Registers `typed` in Postmark and keeps the DNS records it answers. Postmark is asked first:
 * a domain it refuses is stored nowhere.
 */
export async function createCustomDomain(ctx: DomainContext, org: Org, typed: string): Promise<CustomDomain> {
  const name = customDomainName(typed, ctx.inboundDomain);
  await refuseTaken(ctx.db, org, name);
  const registered = await registerInPostmark(ctx.postmark, name);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await insertCustomDomain(tx, {
        orgId: org.id,
        name,
        ...fromPostmark(registered),
        createdAt: ctx.now,
      });
      await recordAudit(tx, { orgId: org.id, kind: "domain_added", by: ctx.by, target: name });
      return row;
    });
  } catch (error) {
    // the same name added twice at once: the other request keeps it, and Postmark's copy
    if (isUniqueViolation(error)) throw taken(name);
    await forgetInPostmark(ctx, registered);
    throw error;
  }
}

/**
 * Asks Postmark to check both DNS records and keeps what it found. When Postmark cannot be asked
 * (or refuses), nothing changes: a record is never marked verified on a failed check.
 */
export async function verifyCustomDomain(ctx: DomainContext, org: Org, name: string): Promise<CustomDomain> {
  const domain = await requireCustomDomain(ctx.db, org, name);
  await ctx.postmark.verifyDkim(domain.postmarkId);
  // the second answer carries the first check's outcome too: the domain as Postmark now sees it
  const checked = await ctx.postmark.verifyReturnPath(domain.postmarkId);
  return ctx.db.transaction(async (tx) => {
    const row = await updateCheckedRecords(tx, domain.id, { ...fromPostmark(checked), checkedAt: ctx.now });
    await recordAudit(tx, {
      orgId: org.id,
      kind: "domain_verified",
      by: ctx.by,
      target: domain.name,
      detail: { dkimVerified: checked.dkimVerified, returnPathVerified: checked.returnPathVerified },
    });
    return row;
  });
}

/** Removes the domain from Postmark, then here; if Postmark cannot be asked, it stays in both. */
export async function removeCustomDomain(ctx: DomainContext, org: Org, name: string): Promise<CustomDomain> {
  const domain = await requireCustomDomain(ctx.db, org, name);
  await ctx.postmark.remove(domain.postmarkId);
  await ctx.db.transaction(async (tx) => {
    await deleteCustomDomain(tx, domain.id);
    await recordAudit(tx, { orgId: org.id, kind: "domain_removed", by: ctx.by, target: domain.name });
  });
  return domain;
}

export function toCustomDomainView(domain: CustomDomain): CustomDomainView {
  return {
    domain: domain.name,
    verified: isVerifiedDomain(domain),
    dkim: { type: "TXT", host: domain.dkimHost, value: domain.dkimTextValue, verified: domain.dkimVerified },
    returnPath: {
      type: "CNAME",
      host: domain.returnPathDomain,
      value: domain.returnPathCnameValue,
      verified: domain.returnPathVerified,
    },
    createdAt: domain.createdAt.toISOString(),
    checkedAt: domain.checkedAt?.toISOString() ?? null,
  };
}

const taken = (name: string) => new AppError("conflict", `domain: your organization already has ${name}`);

async function refuseTaken(db: Db, org: Org, name: string) {
  if (await hasCustomDomain(db, org.id, name)) throw taken(name);
}

async function registerInPostmark(postmark: PostmarkDomains, name: string): Promise<PostmarkDomain> {
  try {
    return await postmark.create(name, returnPathDomainOf(name));
  } catch (error) {
    if (error instanceof PostmarkRefusal) {
      throw new AppError(error.code, `domain: Postmark refused ${name} (${error.answered})`);
    }
    throw error;
  }
}

// the row could not be written: take the domain out of Postmark again, so a retry can add it
async function forgetInPostmark(ctx: DomainContext, registered: PostmarkDomain) {
  try {
    await ctx.postmark.remove(registered.id);
  } catch (error) {
    ctx.log.error("custom domain left in Postmark after a failed save", {
      domain: registered.name,
      postmarkId: registered.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}
