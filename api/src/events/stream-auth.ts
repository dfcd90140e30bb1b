import { createMiddleware } from "hono/factory";
import { limitCaller } from "../auth/limit-caller";
import { authenticate } from "../auth/middleware";
import { unauthorized } from "../auth/resolve-caller";
import type { Config } from "../config";
import type { Deps } from "../deps";
import { AppError } from "../errors";
import type { AppEnv } from "../http/env";
import { findTicketHolder } from "./events.statements";
import { readStreamTicket, type StreamTicket } from "./stream-ticket";

// set by `authenticateStream` for the request it let in; a request is never shared between calls
const ticketsByRequest = new WeakMap<Request, StreamTicket>();

/** The ticket a stream request was let in with; null when it came with a bearer token. */
export function streamTicketOf(request: Request): StreamTicket | null {
  return ticketsByRequest.get(request) ?? null;
}

/** The key tickets are signed with; a server without SECRET_KEY cannot hand them out. */
export function ticketKey(config: Config): string {
  if (!config.SECRET_KEY) throw new AppError("unavailable", "Stream tickets need SECRET_KEY to be set.");
  return config.SECRET_KEY;
}

/** `Authorization: Bearer …` like every staff route, or else a stream ticket in `?ticket=`. */
export const authenticateStream = createMiddleware<AppEnv>(async (c, next) => {
  const ticket = c.req.query("ticket");
  if (ticket === undefined || c.req.header("authorization") !== undefined) return authenticate(c, next);
  const deps = c.get("deps");
  const claims = readStreamTicket(ticketKey(deps.config), ticket, deps.clock.now());
  if (!claims) throw unauthorized();
  const caller = await ticketHolder(deps, claims);
  c.set("caller", caller);
  ticketsByRequest.set(c.req.raw, claims);
  await limitCaller(deps, c.req.raw, caller);
  await next();
});

// the member may have been removed since the ticket was signed
async function ticketHolder(deps: Pick<Deps, "db">, ticket: StreamTicket) {
  const found = await findTicketHolder(deps.db, ticket);
  if (!found) throw unauthorized();
  // a ticket opens a stream, which changes nothing: the client it names is never recorded
  return { kind: "member" as const, client: "api" as const, ...found };
}
