import { Hono } from "hono";
import { z } from "zod";
import { badRequest } from "../../errors";
import { issueStreamTicket } from "../../events/issue-ticket";
import { leavePresence, recordPresence } from "../../presence/record-presence";
import { limitMember } from "../../rate-limit/rate-limit";
import { requireCsrf } from "../http/csrf";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";

const ThreadSchema = z.object({ thread: z.string().min(1).max(20) });

/** A JSON body or, from `navigator.sendBeacon`, a form: the thread it is about. */
async function threadOf(request: {
  header(name: string): string | undefined;
  json(): Promise<unknown>;
  parseBody(): Promise<Record<string, unknown>>;
}) {
  const type = request.header("content-type") ?? "";
  const body = type.includes("json") ? await request.json().catch(() => null) : await request.parseBody();
  const parsed = ThreadSchema.safeParse(body);
  if (!parsed.success) throw badRequest("thread: expected a thread reference such as THD-42");
  return parsed.data.thread;
}

/**
 * What the thread page's script calls, as the signed-in member (session cookie and the CSRF header,
 * or `_csrf` in a beacon's form): heartbeats with client `web`, leaving, and a ticket that opens
 * the thread's event stream. Counted against the member's rate limit like the API.
 */
export function liveRoutes() {
  const router = new Hono<WebEnv>();
  router.use("/live/*", requireMember, requireCsrf("session"), async (c, next) => {
    await limitMember(c.get("deps"), c.get("caller").member.id);
    await next();
  });

  router.post("/live/presence", async (c) => {
    const deps = c.get("deps");
    const thread = await threadOf(c.req);
    const presence = await recordPresence(deps, c.get("caller"), {
      thread,
      activity: "viewing",
      client: "web",
    });
    return c.json({ presence, now: deps.clock.now().toISOString() });
  });

  router.post("/live/leave", async (c) => {
    const deps = c.get("deps");
    const presence = await leavePresence(deps, c.get("caller"), {
      thread: await threadOf(c.req),
      client: "web",
    });
    return c.json({ presence, now: deps.clock.now().toISOString() });
  });

  router.post("/live/ticket", async (c) => {
    const thread = await threadOf(c.req);
    return c.json(await issueStreamTicket(c.get("deps"), c.get("caller"), thread));
  });

  return router;
}
