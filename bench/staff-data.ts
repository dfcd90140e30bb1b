import { BENCH_DOMAIN } from "./bench-constants";

/**
 * The shape of the seeded staff data, shared by the SQL that writes it and the requests that read
 * it: both compute thread numbers, Message-IDs and client addresses with the same formulas.
 */
export type StaffDataShape = { threads: number; messages: number; clients: number };

export const CLIENT_DOMAINS = 997;
export const SEED_SUBJECTS = [
  "Invoice charged twice",
  "Cannot log in after password reset",
  "Export to CSV times out",
  "Question about the annual plan",
  "Printer on fire",
  "Shipping address change",
  "Refund for cancelled order",
  "API key stopped working",
];

/** The client of thread `t`: threads spread over `clients` addresses, a few threads each. */
export function clientOfThread(shape: StaffDataShape, t: number): number {
  return (t * 7919) % shape.clients;
}

export function clientEmail(client: number): string {
  return `client${client}@acme${client % CLIENT_DOMAINS}.example`;
}

export function clientName(client: number): string {
  return `Client ${client}`;
}

/** Message `n` (1-based) sits in thread `((n - 1) mod threads) + 1`: every thread gets its share. */
export function threadOfMessage(shape: StaffDataShape, n: number): number {
  return ((n - 1) % shape.threads) + 1;
}

/** Inbound mail carries the client's mailer's Message-ID, our replies our own domain's. */
export function messageIdOf(shape: StaffDataShape, n: number): string {
  const position = Math.floor((n - 1) / shape.threads);
  const host = position % 2 === 0 ? "mail.client.example" : BENCH_DOMAIN;
  return `<${n}.${(n * 7919) % 1000003}.tisket@${host}>`;
}

/** The SQL expression of `messageIdOf` for a bigint `n` (positions as in `threadOfMessage`). */
export function messageIdSql(shape: StaffDataShape, n: string): string {
  const host = `case when ((${n} - 1) / ${shape.threads}) % 2 = 0 then 'mail.client.example' else '${BENCH_DOMAIN}' end`;
  return `'<' || ${n} || '.' || (${n} * 7919) % 1000003 || '.tisket@' || ${host} || '>'`;
}

/** A word in one message in 20,000 (message 1, and every 20,011th after it): the search bench's rare word. */
export const RARE_WORD = "kumquat";
export const RARE_EVERY = 20_011;
/** Words every seeded message holds: the common word and the phrase of the search bench. */
export const COMMON_WORD = "dashboard";
export const COMMON_PHRASE = '"cleared the cache"';

/** How many messages the long thread holds: the thread page bench opens it. */
export const LONG_THREAD_MESSAGES = 200;

/** The long thread's number: one past the seeded threads. */
export function longThreadOf(shape: StaffDataShape): number {
  return shape.threads + 1;
}
