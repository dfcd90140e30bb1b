import type { TestApp } from "../../helpers/app";
import { makeMember, makeOrgWithInbox } from "../../helpers/factories";
import { inboundPayload, postInbound } from "../../helpers/postmark-payloads";
import { signedIn } from "../../helpers/web-client";

/** An org with inbox `support`, its admin Ada and agent Al, both signed in to the web pages. */
export async function opsDesk(t: TestApp) {
  const { org, inbox, admin } = await makeOrgWithInbox(t.db);
  const agent = await makeMember(t.db, org, { name: "Al Agent" });
  const ada = await signedIn(t, admin.email);
  const al = await signedIn(t, agent.email);
  // a page read first, as a browser would, gives each its CSRF token
  await ada.get("/admin/threads");
  await al.get("/admin/threads");
  return { org, inbox, admin, agent, ada, al };
}

/** Mail posted to the webhook as Postmark would; its answer says what became of it. */
export async function mailTo(t: TestApp, to: string, spec: Parameters<typeof inboundPayload>[0] = {}) {
  const answer = await postInbound(t.app, inboundPayload({ to: [to], ...spec }));
  if (answer.status !== 200) throw new Error(`the webhook answered ${answer.status}`);
  return answer.body as { status: string; inboundId: string; threads?: string[] };
}

/** The notice at the top of a page. */
export const noticeOf = (html: string) => /<div class="notice notice-\w+"[^>]*>(.*?)<\/div>/s.exec(html)?.[1];
