import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { MemberRole } from "../../db/schema";
import { type AssetName, assetUrl } from "../assets/assets";
import type { Notice } from "../http/flash";
import { CsrfField } from "./form-field";
import { isSettingsPage, navItemsFor, SETTINGS_ITEMS, topBarItemsFor } from "./nav";

/** Who is looking, as the top bar shows them. */
export type Viewer = {
  name: string;
  email: string;
  role: MemberRole;
  orgName: string;
  /** how many orgs the person can switch between */
  orgCount: number;
  csrf: string;
};

export type LayoutProps = {
  title: string;
  /** absent on the pages before sign-in: no navigation then */
  viewer?: Viewer | null | undefined;
  /** the navigation item to mark as current (its href) */
  active?: string | undefined;
  notice?: Notice | null | undefined;
  /** scripts of ours the page needs, besides the ones every page has */
  scripts?: readonly AssetName[] | undefined;
  /** wider main column, for tables */
  wide?: boolean | undefined;
  children?: Child;
};

export const NoticeBanner = ({ notice }: { notice: Notice }) => (
  <div class={`notice notice-${notice.kind}`} role={notice.kind === "error" ? "alert" : "status"}>
    {notice.text}
  </div>
);

const TopBar = ({ viewer, active }: { viewer: Viewer; active: string | undefined }) => (
  <header class="topbar">
    <a class="brand" href="/admin">
      Tisket Threads
    </a>
    <nav class="nav" aria-label="Sections">
      {topBarItemsFor(viewer.role).map((item) => {
        const current = item.label === "Settings" ? isSettingsPage(active) : active === item.href;
        return (
          <a href={item.href} aria-current={current ? "page" : undefined}>
            {item.label}
          </a>
        );
      })}
    </nav>
    <div class="account">
      <span class="account-who" title={viewer.email}>
        <span class="account-org">{viewer.orgName}</span>
        <span class="account-name">{viewer.name || viewer.email}</span>
      </span>
      {viewer.orgCount > 1 ? <a href="/admin/orgs">Switch organization</a> : null}
      <form method="post" action="/admin/logout" class="inline-form">
        <CsrfField token={viewer.csrf} />
        <button type="submit" class="button-quiet">
          Sign out
        </button>
      </form>
    </div>
  </header>
);

/** The settings pages' own navigation, above the content of each of them. */
const SettingsNav = ({ role, active }: { role: MemberRole; active: string | undefined }) => (
  <nav class="subnav" aria-label="Settings">
    {navItemsFor(role, SETTINGS_ITEMS).map((item) => (
      <a href={item.href} aria-current={active === item.href ? "page" : undefined}>
        {item.label}
      </a>
    ))}
  </nav>
);

/** The frame of every page: the top bar (signed in), a notice, the content and our scripts. */
export const Layout = (props: LayoutProps) => (
  <>
    {raw("<!doctype html>")}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Tisket Threads`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={assetUrl("app.css")} />
        <script src={assetUrl("local-time.js")} defer />
        {(props.scripts ?? []).map((name) => (
          <script src={assetUrl(name)} defer />
        ))}
      </head>
      <body>
        {props.viewer ? <TopBar viewer={props.viewer} active={props.active} /> : null}
        <main class={props.wide ? "main main-wide" : "main"}>
          {props.viewer && isSettingsPage(props.active) ? (
            <SettingsNav role={props.viewer.role} active={props.active} />
          ) : null}
          {props.notice ? <NoticeBanner notice={props.notice} /> : null}
          {props.children}
        </main>
      </body>
    </html>
  </>
);

/** A date in a `<time>`, which the page's script shows in the reader's time zone. */
export const When = ({ at, label }: { at: string; label: string }) => (
  <time datetime={at} data-local="">
    {label}
  </time>
);
