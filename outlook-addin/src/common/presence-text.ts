import type { Presence } from "./api-types";

const DOING: Record<Presence["activity"], string> = {
  viewing: "is viewing this thread",
  composing: "is composing a reply",
};

/** "Bob Builder is composing a reply": one line per other member present. */
export function describePresence(presence: Presence): string {
  const who = presence.member.name.trim() || presence.member.email;
  return `${who} ${DOING[presence.activity]}`;
}

/**
 * One entry per member, composing before viewing: the same person in Outlook and in the web
 * viewer is one person to a teammate.
 */
export function summarizePresence(presence: readonly Presence[]): Presence[] {
  const byMember = new Map<string, Presence>();
  for (const entry of presence) {
    const known = byMember.get(entry.member.email);
    if (!known || (known.activity === "viewing" && entry.activity === "composing")) {
      byMember.set(entry.member.email, entry);
    }
  }
  return [...byMember.values()].sort((a, b) => a.member.name.localeCompare(b.member.name));
}
