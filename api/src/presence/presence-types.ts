import type { Person } from "../threads/summary";

export const PRESENCE_ACTIVITIES = ["viewing", "composing"] as const;
export type PresenceActivity = (typeof PRESENCE_ACTIVITIES)[number];
export const PRESENCE_CLIENTS = ["gmail", "outlook", "web"] as const;
export type PresenceClient = (typeof PRESENCE_CLIENTS)[number];

export const DEFAULT_TTL_SECONDS = 30;
// a Gmail card cannot heartbeat, so it may ask for up to a quarter of an hour
export const MIN_TTL_SECONDS = 10;
export const MAX_TTL_SECONDS = 900;

/** "Member M is viewing / composing in this thread", as the add-ons and the web viewer show it. */
export type Presence = {
  member: Person;
  activity: PresenceActivity;
  client: PresenceClient;
  since: string;
  expiresAt: string;
};

export type PresenceInput = {
  thread: string;
  activity: PresenceActivity;
  client: PresenceClient;
  ttlSeconds?: number | undefined;
};

export type LeaveInput = {
  thread: string;
  client: PresenceClient;
  activity?: PresenceActivity | undefined;
};
