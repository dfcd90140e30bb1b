import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Layout, type LayoutProps, type Viewer } from "../components/layout";
import type { WebEnv } from "../web-env";
import { csrfTokenOf } from "./csrf";
import { type Notice, takeFlash } from "./flash";

/** Who is signed in, for the top bar; null before sign-in (or before an org is chosen). */
export function viewerOf(c: Context<WebEnv>): Viewer | null {
  const session = c.get("session");
  const csrf = csrfTokenOf(c, "session");
  if (!session?.membership || !csrf) return null;
  const { member, org } = session.membership;
  return {
    name: member.name,
    email: member.email,
    role: member.role,
    orgName: org.name,
    orgCount: session.memberships,
    csrf,
  };
}

export type PageProps = Omit<LayoutProps, "viewer" | "notice"> & { notice?: Notice | null | undefined };

/** Answers a page in the layout, with the top bar of whoever is signed in and any notice kept for it. */
export function renderPage(c: Context<WebEnv>, props: PageProps, status: ContentfulStatusCode = 200) {
  const notice = props.notice ?? takeFlash(c);
  return c.html(<Layout {...props} viewer={viewerOf(c)} notice={notice} />, status);
}
