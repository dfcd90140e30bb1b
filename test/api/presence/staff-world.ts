import { and, asc, eq } from "drizzle-orm";
import type { DriverName } from "../../../api/src/db/client";
import { liveEvents, type Thread } from "../../../api/src/db/schema";
import type { Clock } from "../../../api/src/deps";
import { makeTestApp } from "../../helpers/app";
import { fakeClock as sharedFakeClock } from "../../helpers/clock";
import { makeInbox, makeMember, makeOrg, makeThread } from "../../helpers/factories";
import { type EmailSpec, inboundPayload, postInbound } from "../../helpers/postmark-payloads";

export type StaffClock = Clock & { advance(seconds: number): Date; at(secondsFromStart: number): string };

/** The shared fake clock, moved in whole seconds, as presence TTLs are. */
export function fakeClock(start = new Date(Math.floor(Date.now() / 1000) * 1000)): StaffClock {
  const clock = sharedFakeClock(start);
  return {
    now: clock.now,
    advance(seconds) {
      clock.advance(seconds * 1000);
      return clock.now();
    },
    at: (secondsFromStart) => new Date(start.getTime() + secondsFromStart * 1000).toISOString(),
  };
}

/** An app on a fake clock with org `acme` (inbox support.acme@tisket.test) and helpers for the staff API. */
export async function staffWorld(driver: DriverName = "pglite") {
  const clock = fakeClock();
  const testApp = await makeTestApp({ driver, deps: { clock } });
  const { app, db } = testApp;
  const org = await makeOrg(db, { slug: "acme", name: "Acme" });
  const inbox = await makeInbox(db, org, { name: "support" });
  const call = async <Reply = ErrorReply>(method: string, path: string, token: string, body?: unknown) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Reply };
  };
  return {
    ...testApp,
    clock,
    org,
    inbox,
    call,
    member: (name: string) => makeMember(db, org, { name }),
    thread: (values: Parameters<typeof makeThread>[3] = {}) => makeThread(db, org, inbox, values),
    send: (spec: EmailSpec) => postInbound(app, inboundPayload(spec)),
    presenceEvents: (thread: Pick<Thread, "id">) =>
      db
        .select()
        .from(liveEvents)
        .where(and(eq(liveEvents.threadId, thread.id), eq(liveEvents.type, "presence")))
        .orderBy(asc(liveEvents.id)),
  };
}

export type StaffWorld = Awaited<ReturnType<typeof staffWorld>>;

export type ErrorReply = { error: { code: string; message: string } };

/** The error of a reply a test expects to have failed. */
export function errorOf(reply: { body: unknown }): ErrorReply["error"] {
  return (reply.body as ErrorReply).error;
}
export type PresenceView = {
  member: { email: string; name: string };
  activity: string;
  client: string;
  since: string;
  expiresAt: string;
};
export type PresenceReply = { presence: PresenceView[] };
export type SummaryView = {
  ref: string;
  status: string;
  subject: string;
  inbox: { name: string; address: string };
  client: { email: string; name: string };
  messageCount: number;
};
export type ContextReply = {
  me?: { email: string; name: string };
  thread: SummaryView | null;
  presence: PresenceView[];
  candidates: SummaryView[];
  suggestedSubject?: string;
  inboxes?: { name: string; address: string; customAddress: string | null; addressed: boolean }[];
};
