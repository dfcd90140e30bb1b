import { randomBytes } from "node:crypto";
import { sha256Hex } from "../../auth/secrets";
import type { Db } from "../../db/client";
import type { Deps } from "../../deps";
import { queueMail } from "../../outbox/outbox.statements";
import { membershipsOf } from "../session/sessions";
import {
  countOpenSignInLinks,
  deleteSignInLinksExpiredBefore,
  insertSignInLink,
  selectOpenSignInLink,
  useSignInLink,
} from "./sign-in.statements";
import { publicBase, signInEmail } from "./sign-in-mail";

/** A link works once, within this long. */
export const LINK_LIFETIME_MS = 15 * 60_000;
// unused links one address may hold at once: more requests send no more mail
const MAX_OPEN_LINKS = 5;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Makes a link for a person; answers its URL. The token itself is kept only as a hash. */
export async function createSignInLink(
  db: Db,
  config: Parameters<typeof publicBase>[0],
  email: string,
  now: Date,
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await insertSignInLink(db, {
    tokenHash: sha256Hex(token),
    email,
    createdAt: now,
    expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
  });
  return `${publicBase(config)}/admin/login/${token}`;
}

/**
 * Mails a sign-in link to a person who is a member of some org, through the outbox (so a Postmark
 * outage only delays it); does nothing for anyone else. The caller answers the same either way.
 */
export async function requestSignInLink(
  deps: Pick<Deps, "db" | "config" | "clock" | "wakeOutbox">,
  email: string,
): Promise<void> {
  const now = deps.clock.now();
  const [first] = await membershipsOf(deps.db, email);
  if (!first || (await countOpenSignInLinks(deps.db, email, now)) >= MAX_OPEN_LINKS) return;
  await deps.db.transaction(async (tx) => {
    const link = await createSignInLink(tx, deps.config, email, now);
    const mail = signInEmail(deps.config, { to: email, link, minutes: LINK_LIFETIME_MS / 60_000 });
    // outbox rows belong to an org: the person's first, whose admins see failed mail
    await queueMail(tx, [
      {
        orgId: first.org.id,
        kind: "magic_link",
        recipient: email,
        email: mail,
        nextAttemptAt: now,
        createdAt: now,
      },
    ]);
    await deleteSignInLinksExpiredBefore(tx, new Date(now.getTime() - 24 * 3600_000));
  });
  deps.wakeOutbox();
}

/** The address an unused, unexpired link signs in; null for any other token, forged ones included. */
export async function peekSignInLink(db: Db, token: string, now: Date): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  return selectOpenSignInLink(db, sha256Hex(token), now);
}

/** Uses a link up, once: of two presses at the same time only one gets the address. */
export async function redeemSignInLink(db: Db, token: string, now: Date): Promise<string | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  return useSignInLink(db, sha256Hex(token), now);
}
