import type { Deps } from "../../deps";
import { AppError } from "../../errors";
import { countRequest, windowStartOf } from "../../rate-limit/rate-limit";

/**
 * Sign-in link requests a minute: per client address (an office behind one NAT signs in together,
 * so at least 10 stay allowed) and per email address (however many clients ask for it).
 */
export const SIGN_IN_LIMITS = { perClientPerMinute: 20, perAddressPerMinute: 3 } as const;

/**
 * Throws 429 when this client or this address asked too often this minute. Every address is
 * counted, member or not, so the answer says nothing about who is a member.
 */
export async function limitSignInRequests(
  deps: Pick<Deps, "db" | "clock">,
  request: { email: string; ip: string },
): Promise<void> {
  const now = deps.clock.now();
  const byClient = await countRequest(deps.db, `sign-in-client:${request.ip}`, now);
  const byAddress = await countRequest(deps.db, `sign-in-address:${request.email}`, now);
  if (byClient <= SIGN_IN_LIMITS.perClientPerMinute && byAddress <= SIGN_IN_LIMITS.perAddressPerMinute)
    return;
  const retryAfter = Math.max(1, Math.ceil((windowStartOf(now).getTime() + 60_000 - now.getTime()) / 1000));
  throw new AppError(
    "rate_limited",
    "Too many sign-in links were asked for just now. Wait a minute and try again.",
    {
      "Retry-After": String(retryAfter),
    },
  );
}
