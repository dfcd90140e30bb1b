import { createHmac } from "node:crypto";
import { z } from "zod";
import { secretsEqual } from "../auth/secrets";

export const TICKET_LIFETIME_MS = 60_000;

/** Lets a browser's EventSource, which cannot send headers, open a stream as one member. */
export type StreamTicket = {
  memberId: string;
  orgId: string;
  /** Set when the ticket opens only this thread's stream. */
  threadId: string | null;
  expiresAt: Date;
};

const claimsSchema = z.object({
  m: z.string(),
  o: z.string(),
  t: z.string().nullable(),
  e: z.number().int(),
});

// the purpose is part of what is signed, so no other HMAC made with SECRET_KEY can pass as a ticket
function signature(secretKey: string, claims: string): string {
  return createHmac("sha256", secretKey).update(`stream-ticket:${claims}`).digest("base64url");
}

export function signStreamTicket(secretKey: string, ticket: StreamTicket): string {
  const claims = Buffer.from(
    JSON.stringify({
      m: ticket.memberId,
      o: ticket.orgId,
      t: ticket.threadId,
      e: ticket.expiresAt.getTime(),
    }),
  ).toString("base64url");
  return `${claims}.${signature(secretKey, claims)}`;
}

/** The ticket's claims when its signature holds and it has not expired at `now`; otherwise null. */
export function readStreamTicket(secretKey: string, ticket: string, now: Date): StreamTicket | null {
  const [claims, signed, ...rest] = ticket.split(".");
  if (!claims || !signed || rest.length > 0) return null;
  if (!secretsEqual(signed, signature(secretKey, claims))) return null;
  const parsed = claimsSchema.safeParse(parseJson(Buffer.from(claims, "base64url").toString("utf8")));
  if (!parsed.success || parsed.data.e <= now.getTime()) return null;
  const { m, o, t, e } = parsed.data;
  return { memberId: m, orgId: o, threadId: t, expiresAt: new Date(e) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
