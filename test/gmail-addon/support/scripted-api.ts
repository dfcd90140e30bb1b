import type { Presence, ThreadSummary } from "../../../shared/src/api-types";
import { FetchFailure, type Reply, type SentRequest, type Transport } from "./fake-url-fetch";

export const API = "https://tisket.example";

type Route = (request: SentRequest) => Reply;

/**
 * A stand-in for the Tisket API in unit tests: answers per `METHOD /path`, scripted by the test;
 * anything else is a 404, as the API would answer. `down()` makes every request fail as a dead host does.
 */
export function scriptedApi() {
  const routes = new Map<string, Route>();
  let failure: string | null = null;
  const transport: Transport = (request) => {
    if (failure) throw new FetchFailure(`${failure}: ${request.url}`);
    const path = request.url.slice(API.length).split("?")[0];
    const route = routes.get(`${request.method.toUpperCase()} ${path}`);
    return route
      ? route(request)
      : { status: 404, body: { error: { code: "not_found", message: "No route" } } };
  };
  return {
    transport,
    on(method: string, path: string, route: Route | Reply) {
      routes.set(`${method} ${path}`, typeof route === "function" ? route : () => route);
    },
    down(reason = "Address unavailable") {
      failure = reason;
    },
    up() {
      failure = null;
    },
  };
}

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();

export function summary(now: Date, values: Partial<ThreadSummary> = {}): ThreadSummary {
  return {
    ref: "THD-42",
    status: "open",
    subject: "Printer on fire",
    inbox: { name: "support", address: "support.acme@tisket.test" },
    client: { email: "cleo@client.example", name: "Cleo Client" },
    assignee: null,
    messageCount: 2,
    lastMessageAt: minutesAgo(now, 5),
    lastMessage: { direction: "inbound", from: "cleo@client.example", at: minutesAgo(now, 5) },
    ...values,
  };
}

export function presence(
  now: Date,
  name: string,
  activity: Presence["activity"],
  sinceMinutes: number,
): Presence {
  return {
    member: { email: `${name.split(" ")[0]!.toLowerCase()}@acme.example`, name },
    activity,
    client: "gmail",
    since: minutesAgo(now, sinceMinutes),
    expiresAt: new Date(now.getTime() + 5 * 60_000).toISOString(),
  };
}
