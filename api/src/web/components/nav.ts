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

/**
 * The settings pages, in the order their sub-navigation shows them; the top bar has one
 * **Settings** entry leading to the first one a member may open (an agent: their tokens).
 */
export const SETTINGS_ITEMS: readonly NavItem[] = [
  { href: "/admin/inboxes", label: "Inboxes", adminOnly: true },
  { href: "/admin/members", label: "Members", adminOnly: true },
  { href: "/admin/tokens", label: "API tokens" },
  { href: "/admin/setup", label: "Postmark setup", adminOnly: true },
  { href: "/admin/addons", label: "Add-ons", adminOnly: true },
  { href: "/admin/domains", label: "Domains", adminOnly: true },
  { href: "/admin/inbound", label: "Inbound mail", adminOnly: true },
  { href: "/admin/outbox", label: "Outbox", adminOnly: true },
  { href: "/admin/audit", label: "Audit log", adminOnly: true },
];

/** The sections a member with `role` may open. */
export function navItemsFor(role: MemberRole, items: readonly NavItem[] = NAV_ITEMS): NavItem[] {
  return items.filter((item) => !item.adminOnly || role === "admin");
}

/** The top bar's entries: the sections, then Settings (its first page this member may open). */
export function topBarItemsFor(role: MemberRole): NavItem[] {
  const [firstSetting] = navItemsFor(role, SETTINGS_ITEMS);
  return firstSetting
    ? [...navItemsFor(role), { href: firstSetting.href, label: "Settings" }]
    : navItemsFor(role);
}

/** Whether `href` is one of the settings pages (the top bar then marks Settings as current). */
export function isSettingsPage(href: string | undefined): boolean {
  return SETTINGS_ITEMS.some((item) => item.href === href);
}
