import type { MemberRole } from "../../db/schema";

export type NavItem = { href: string; label: string; adminOnly?: boolean };

/**
 * The sections of /admin, in the order the top bar shows them. A new page adds its line here;
 * `adminOnly` hides it from agents (its route must still refuse them: `requireAdmin`).
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/admin/threads", label: "Threads" },
  { href: "/admin/saved-replies", label: "Saved replies" },
  { href: "/admin/metrics", label: "Metrics" },
];

/** The sections a member with `role` may open. */
export function navItemsFor(role: MemberRole, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => !item.adminOnly || role === "admin");
}
