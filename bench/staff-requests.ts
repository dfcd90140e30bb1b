import { randomUUID } from "node:crypto";
import { WEBHOOK_PASSWORD, WEBHOOK_USER } from "./bench-constants";
import type { PlannedCall } from "./call-load";
import { EmailTraffic, randomFrom } from "./email-traffic";
import { basicAuth } from "./http-client";
import {
  COMMON_PHRASE,
  COMMON_WORD,
  clientEmail,
  clientName,
  clientOfThread,
  LONG_THREAD_MESSAGES,
  longThreadOf,
  messageIdOf,
  RARE_WORD,
  SEED_SUBJECTS,
  type StaffDataShape,
  threadOfMessage,
} from "./staff-data";
import type { StaffAnswer } from "./staff-http";
import type { StaffMember } from "./staff-members";

type ContextAnswer = {
  thread: { ref: string } | null;
  presence: unknown[];
  candidates: unknown[];
  suggestedSubject?: string;
};

/** Shares of the context mix: what the add-ons send when a message is opened or a draft edited. */
export const CONTEXT_MIX = [
  { kind: "tag", share: 0.35, what: "viewing, `[THD-n]` in the subject (Gmail card, TTL 300 s)" },
  {
    kind: "message-id",
    share: 0.3,
    what: "viewing, untagged subject, Message-ID + In-Reply-To + References",
  },
  { kind: "compose", share: 0.2, what: 'composing, to: ["Name <client@…>"], half replying in a thread' },
  { kind: "no-match", share: 0.15, what: "viewing mail that is no support thread" },
] as const;

type Kind = (typeof CONTEXT_MIX)[number]["kind"];

const subjectOf = (t: number) => `${SEED_SUBJECTS[t % SEED_SUBJECTS.length]} (${t})`;

const expectThread =
  (ref: string | null) =>
  (answer: StaffAnswer): { ok: true; outcome: string } | { ok: false; problem: string } => {
    if (answer.status !== 200)
      return { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` };
    const context = answer.json as ContextAnswer;
    const found = context.thread?.ref ?? null;
    if (found !== ref)
      return { ok: false, problem: `expected ${ref ?? "no thread"}, got ${found ?? "none"}` };
    const extra = context.candidates.length ? " + candidates" : "";
    return { ok: true, outcome: `${found ? "thread" : "no thread"}${extra}` };
  };

/**
 * Context requests against the seeded data, a deterministic mix of `CONTEXT_MIX`, each by a random
 * member. Every answer is checked: the expected thread (or none) must come back.
 */
export function contextTraffic(shape: StaffDataShape, staff: StaffMember[], seed: number) {
  const random = randomFrom(seed);
  const pick = (n: number) => 1 + Math.floor(random() * n);
  const kindOf = (): Kind => {
    let roll = random();
    for (const entry of CONTEXT_MIX) {
      roll -= entry.share;
      if (roll < 0) return entry.kind;
    }
    return "no-match";
  };
  const bodies: Record<Kind, () => { body: Record<string, unknown>; ref: string | null }> = {
    tag() {
      const n = pick(shape.messages);
      const t = threadOfMessage(shape, n);
      const body = {
        client: "gmail",
        activity: "viewing",
        subject: `RE: [THD-${t}] ${subjectOf(t)}`,
        messageId: messageIdOf(shape, n),
        ttlSeconds: 300,
      };
      return { body, ref: `THD-${t}` };
    },
    "message-id"() {
      const n = pick(shape.messages);
      const t = threadOfMessage(shape, n);
      const parent = n > shape.threads ? messageIdOf(shape, n - shape.threads) : null;
      const body = {
        client: "outlook",
        activity: "viewing",
        subject: `RE: ${subjectOf(t)}`,
        messageId: messageIdOf(shape, n),
        inReplyTo: parent,
        references: parent ? [parent] : [],
        from: `Client <${clientEmail(clientOfThread(shape, t))}>`,
      };
      return { body, ref: `THD-${t}` };
    },
    compose() {
      const t = pick(shape.threads);
      const c = clientOfThread(shape, t);
      const to = [`${clientName(c)} <${clientEmail(c)}>`];
      if (random() < 0.5)
        return { body: { client: "gmail", activity: "composing", to, subject: "" }, ref: null };
      const body = {
        client: "outlook",
        activity: "composing",
        to,
        subject: `RE: [THD-${t}] ${subjectOf(t)}`,
      };
      return { body, ref: `THD-${t}` };
    },
    "no-match"() {
      const body = {
        client: "gmail",
        activity: "viewing",
        subject: "Lunch on Friday?",
        messageId: `<${randomUUID()}@mail.gmail.com>`,
        from: "Friend <friend@example.org>",
        ttlSeconds: 300,
      };
      return { body, ref: null };
    },
  };
  return {
    next(): PlannedCall {
      const kind = kindOf();
      const { body, ref } = bodies[kind]();
      const member = staff[Math.floor(random() * staff.length)]!;
      const call = { method: "POST" as const, path: "/api/v1/context", token: member.token, body };
      return { kind, call, judge: expectThread(ref) };
    },
  };
}

/**
 * Heartbeats as open task panes send them: each member has `threadsPerMember` threads open and
 * heartbeats them in turn, so the first round announces arrivals and later rounds extend expiry.
 */
export function heartbeatTraffic(
  shape: StaffDataShape,
  staff: StaffMember[],
  seed: number,
  threadsPerMember = 50,
) {
  const random = randomFrom(seed);
  const pairs = staff.flatMap((member) =>
    Array.from({ length: threadsPerMember }, () => ({
      member,
      t: 2 + Math.floor(random() * (shape.threads - 1)),
    })),
  );
  let count = 0;
  return {
    pairs: pairs.length,
    next(): PlannedCall {
      const { member, t } = pairs[count++ % pairs.length]!;
      const body = { thread: `THD-${t}`, activity: "viewing", client: "outlook" };
      const call = { method: "PUT" as const, path: "/api/v1/presence", token: member.token, body };
      return {
        kind: "heartbeat",
        call,
        judge: (answer) =>
          answer.status === 200
            ? { ok: true, outcome: "ok" }
            : { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` },
      };
    },
  };
}

/** What each search row asks `GET /api/v1/threads?q=` for, against the seeded messages. */
export const SEARCHES = {
  "search-common": { q: COMMON_WORD, what: "a word of every message" },
  "search-rare": { q: RARE_WORD, what: "a word of one message in 20,000" },
  "search-phrase": { q: COMMON_PHRASE, what: "a phrase of every message" },
} as const;

export type SearchScenario = keyof typeof SEARCHES;

/** A search by a random member; a right answer is a page of matching threads, each with a snippet. */
export function searchTraffic(staff: StaffMember[], scenario: SearchScenario, seed: number) {
  const random = randomFrom(seed);
  const path = `/api/v1/threads?q=${encodeURIComponent(SEARCHES[scenario].q)}`;
  return {
    next(): PlannedCall {
      const member = staff[Math.floor(random() * staff.length)]!;
      return {
        kind: scenario,
        call: { method: "GET", path, token: member.token, body: undefined },
        judge(answer) {
          if (answer.status !== 200)
            return { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` };
          const found = (answer.json as { threads: { snippet?: string }[] }).threads;
          if (found.length === 0) return { ok: false, problem: "no thread found" };
          if (!found.every((thread) => thread.snippet?.includes("<mark>")))
            return { ok: false, problem: "a result without a highlighted snippet" };
          return { ok: true, outcome: `${found.length} threads` };
        },
      };
    },
  };
}

/** The long thread's page as a signed-in browser opens it; right when every message is on it. */
export function threadPageTraffic(shape: StaffDataShape, cookie: string) {
  const path = `/admin/threads/THD-${longThreadOf(shape)}`;
  return {
    next(): PlannedCall {
      return {
        kind: "thread-page",
        call: { method: "GET", path, token: "", body: undefined, cookie },
        judge(answer) {
          if (answer.status !== 200)
            return { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` };
          const cards = answer.text.split('<article class="message ').length - 1;
          return cards === LONG_THREAD_MESSAGES
            ? { ok: true, outcome: "page" }
            : { ok: false, problem: `${cards} messages on the page` };
        },
      };
    },
  };
}

/**
 * The webhook's traffic on the seeded, aged database: the same emails as the ingest suite posts
 * to a fresh one, new threads and replies to the ones this run filed, with the webhook's Basic auth.
 */
export function agedIngestTraffic(seed: number) {
  const emails = new EmailTraffic(`aged${seed}`, seed, 0.25);
  const authorization = basicAuth(WEBHOOK_USER, WEBHOOK_PASSWORD);
  return {
    next(): PlannedCall {
      const email = emails.next();
      // a reply may name this email before it is filed: the webhook threads it all the same
      email.remember();
      return {
        kind: "ingest-aged",
        call: {
          method: "POST",
          path: "/webhooks/postmark/inbound",
          token: "",
          body: JSON.parse(email.body),
          headers: { authorization },
        },
        judge(answer) {
          const status = (answer.json as { status?: string } | null)?.status;
          if (answer.status !== 200 || (status !== "filed" && status !== "duplicate"))
            return { ok: false, problem: `HTTP ${answer.status}: ${answer.text.slice(0, 160)}` };
          return { ok: true, outcome: status };
        },
      };
    },
  };
}
