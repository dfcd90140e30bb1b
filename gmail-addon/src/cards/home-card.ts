import type { ThreadSummary } from "../../../shared/src/api-types";
import { ACTIONS } from "../entry-points";
import { ago, escapeHtml, statusLabel } from "../format";
import { threadLink, threadsLink } from "../links";
import { button, buttons, type Card, card, linkButton, paragraph, section } from "./widgets";

/** The homepage: the agent's threads still waiting on someone, each a link to the viewer. */
export function homeCard(threads: ThreadSummary[], now: Date): Card {
  const waiting = threads.filter((thread) => thread.status === "open" || thread.status === "in_progress");
  const list = section("Your open threads");
  if (waiting.length === 0) list.addWidget(paragraph("Nothing assigned to you is open."));
  for (const thread of waiting) {
    list.addWidget(
      CardService.newDecoratedText()
        .setTopLabel(`${thread.ref} · ${statusLabel(thread.status)}`)
        .setText(escapeHtml(thread.subject))
        .setBottomLabel(`${thread.client.email} · ${ago(thread.lastMessageAt, now)}`)
        .setWrapText(true)
        .setOpenLink(CardService.newOpenLink().setUrl(threadLink(thread.ref))),
    );
  }
  const help = section().addWidget(
    paragraph("Open a client's email to see its thread, or start writing one to tag it."),
  );
  help.addWidget(
    buttons(
      linkButton("All threads", threadsLink()),
      button("Refresh", { action: ACTIONS.refresh, params: { view: "home" } }),
    ),
  );
  return card("Tisket Threads", "Your open threads", [list, help]);
}
