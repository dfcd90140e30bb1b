import { AccountClient, Errors, type Models } from "postmark";
import type { Config } from "../config";
import { AppError } from "../errors";
import { postmarkApiLocation } from "../outbox/postmark-mailer";

/** What Postmark says about a domain: the records to publish and whether it found them. */
export type PostmarkDomain = {
  id: number;
  name: string;
  dkimHost: string;
  dkimTextValue: string;
  dkimVerified: boolean;
  returnPathDomain: string;
  returnPathCnameValue: string;
  returnPathVerified: boolean;
};

/** Postmark's Domains API, as the custom domains need it; every failure is an AppError saying why. */
export type PostmarkDomains = {
  create(name: string, returnPathDomain: string): Promise<PostmarkDomain>;
  get(id: number): Promise<PostmarkDomain>;
  verifyDkim(id: number): Promise<PostmarkDomain>;
  verifyReturnPath(id: number): Promise<PostmarkDomain>;
  /** Removes it from Postmark; one Postmark no longer has counts as removed. */
  remove(id: number): Promise<void>;
};

export const ACCOUNT_TOKEN_HELP =
  "Set POSTMARK_ACCOUNT_TOKEN to your Postmark account's API token (in Postmark: Account → API Tokens; only the account owner and account admins can see it) and restart the service.";

// Postmark's API error codes for a domain it does not have, and for one it already has
const DOMAIN_NOT_FOUND = 510;
const DOMAIN_EXISTS = 512;

/** The Domains API through the account token, or null when none is configured. */
export function postmarkDomainsFor(
  config: Pick<Config, "POSTMARK_ACCOUNT_TOKEN" | "POSTMARK_API_URL">,
  options: { timeoutSeconds?: number } = {},
): PostmarkDomains | null {
  if (!config.POSTMARK_ACCOUNT_TOKEN) return null;
  const client = new AccountClient(config.POSTMARK_ACCOUNT_TOKEN, {
    ...postmarkApiLocation(config.POSTMARK_API_URL),
    timeout: options.timeoutSeconds ?? 20,
  });
  const call = async (work: () => Promise<Models.DomainDetails>) => toDomain(await asked(work));
  return {
    create: (name, returnPathDomain) =>
      call(() => client.createDomain({ Name: name, ReturnPathDomain: returnPathDomain })),
    get: (id) => call(() => client.getDomain(id)),
    verifyDkim: (id) => call(() => client.verifyDomainDKIM(id)),
    verifyReturnPath: (id) => call(() => client.verifyDomainReturnPath(id)),
    async remove(id) {
      try {
        await asked(() => client.deleteDomain(id));
      } catch (error) {
        if (!(error instanceof PostmarkRefusal && error.postmarkCode === DOMAIN_NOT_FOUND)) throw error;
      }
    },
  };
}

/** The custom domains cannot work without the account token: say what to set, not a 500. */
export function requirePostmarkDomains(domains: PostmarkDomains | null): PostmarkDomains {
  if (!domains) throw new AppError("unavailable", `Custom domains are not set up. ${ACCOUNT_TOKEN_HELP}`);
  return domains;
}

/** Postmark understood the request and refused it (422); `answered` is what it said. */
export class PostmarkRefusal extends AppError {
  constructor(
    readonly postmarkCode: number,
    readonly answered: string,
  ) {
    super(postmarkCode === DOMAIN_EXISTS ? "conflict" : "bad_request", `Postmark refused it (${answered})`);
  }
}

async function asked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toAppError(error);
  }
}

/** What Postmark answered, in words an admin can act on. */
export function toAppError(error: unknown): AppError {
  if (!(error instanceof Errors.PostmarkError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new AppError("unavailable", `Postmark could not be asked: ${message}`);
  }
  const answered = `ErrorCode ${error.code}: ${error.message}`;
  if (error.statusCode === 0) {
    return new AppError("unavailable", `Postmark did not answer (${error.message}); try again later.`);
  }
  if (error.statusCode === 401) {
    return new AppError(
      "unavailable",
      `Postmark refused the account token (HTTP 401, ${answered}). ${ACCOUNT_TOKEN_HELP}`,
    );
  }
  if (error.statusCode === 422) {
    return new PostmarkRefusal(error.code, answered);
  }
  return new AppError(
    "unavailable",
    `Postmark is not available (HTTP ${error.statusCode}, ${answered}); try again later.`,
  );
}

// until DKIM is verified the record to publish is the pending one; afterwards the current one
function toDomain(details: Models.DomainDetails): PostmarkDomain {
  return {
    id: details.ID,
    name: details.Name,
    dkimHost: details.DKIMPendingHost || details.DKIMHost,
    dkimTextValue: details.DKIMPendingTextValue || details.DKIMTextValue,
    dkimVerified: details.DKIMVerified,
    returnPathDomain: details.ReturnPathDomain,
    returnPathCnameValue: details.ReturnPathDomainCNAMEValue,
    returnPathVerified: details.ReturnPathDomainVerified,
  };
}
