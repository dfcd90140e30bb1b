import type { Presence } from "../../presence/presence-types";

const CLIENT_LABELS = { gmail: "in Gmail", outlook: "in Outlook", web: "on the web" } as const;

/** "Bob Builder is composing a reply in Gmail", as the pages (and thread-live.js) say it. */
export function presenceText(presence: Pick<Presence, "member" | "activity" | "client">): string {
  const who = presence.member.name || presence.member.email;
  const doing = presence.activity === "composing" ? "is composing a reply" : "is viewing";
  return `${who} ${doing} ${CLIENT_LABELS[presence.client]}`;
}
