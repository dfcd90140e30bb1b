import type { MailContext, Presence, ThreadStatus } from "../common/api-types";
import { button, el } from "./dom";
import { followThread, type LiveThread } from "./live-thread";
import { type OpenMessage, readOpenMessage } from "./mailbox";
import type { Shell } from "./pane-shell";
import { newerMessageWarning, presenceList, statusButtons, threadFacts, viewerLink } from "./thread-facts";
import { targetNotice, ticketList, workSummary } from "./thread-work-views";

/**
 * The read-mode pane: the open message's thread, live while it stays open. Pinned, it follows the
 * agent to the next message, leaving the previous thread first.
 */
export function startReadPane(shell: Shell): void {
  let live: LiveThread | null = null;
  let shown = 0;

  async function showItem(): Promise<void> {
    const generation = ++shown;
    const previous = live;
    live = null;
    await previous?.stop();
    const item = Office.context.mailbox.item as Office.MessageRead | null;
    if (!item) {
      shell.show(el("p", { class: "quiet" }, "Select a message to see its thread."));
      return;
    }
    shell.show(el("p", { class: "quiet" }, "Looking for the thread…"));
    try {
      const message = await readOpenMessage(item);
      const context = await lookUp(message);
      if (generation !== shown) return;
      shell.notice(null);
      shell.signedInAs(context.me);
      if (!context.thread) {
        shell.show(notSupportView(() => void showItem()));
        return;
      }
      live = follow(context, message, generation);
    } catch (error) {
      if (generation === shown) shell.fail(error, () => void showItem());
    }
  }

  function lookUp(message: OpenMessage): Promise<MailContext> {
    return shell.api.context({
      activity: "viewing",
      subject: message.subject,
      messageId: message.messageId,
      inReplyTo: message.inReplyTo,
      references: message.references,
      from: message.from,
    });
  }

  function follow(context: MailContext, message: OpenMessage, generation: number): LiveThread {
    const ref = context.thread!.ref;
    let current = context;
    let presence: Presence[] = context.presence;
    let connected = true;
    let reloading = false;
    let reloadAgain = false;
    const render = () => {
      if (generation === shown)
        shell.show(threadView(current, message, presence, connected, actions, shell.config.apiUrl));
    };
    // one reload at a time, and one more if the thread changed meanwhile: the last answer is current
    const reload = async (): Promise<void> => {
      if (reloading) {
        reloadAgain = true;
        return;
      }
      reloading = true;
      try {
        const next = await lookUp(message);
        if (generation !== shown) return;
        if (!next.thread) return void showItem();
        current = next;
        presence = next.presence;
        render();
      } catch (error) {
        shell.fail(error, () => void showItem());
      } finally {
        reloading = false;
        if (reloadAgain && generation === shown) {
          reloadAgain = false;
          void reload();
        }
      }
    };
    const act = (change: () => Promise<unknown>) => async () => {
      try {
        await change();
        await reload();
      } catch (error) {
        shell.fail(error, () => void showItem());
      }
    };
    const actions: ThreadActions = {
      setStatus: (status) => void act(() => shell.api.setStatus(ref, status))(),
      assignToMe: act(() => shell.api.assign(ref, current.me?.email ?? "")),
      refresh: () => void reload(),
    };
    render();
    return followThread({
      api: shell.api,
      apiUrl: shell.config.apiUrl,
      ref,
      activity: "viewing",
      onPresence(next) {
        shell.reached();
        presence = next;
        render();
      },
      onThreadChanged: () => void reload(),
      onConnection(next) {
        connected = next;
        render();
      },
      onError: (error) => shell.fail(error, () => void showItem()),
    });
  }

  if (Office.context.requirements.isSetSupported("Mailbox", "1.5")) {
    Office.context.mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => void showItem());
  }
  addEventListener("pagehide", () => void live?.stop());
  void showItem();
}

type ThreadActions = {
  setStatus(status: ThreadStatus): void;
  assignToMe(): void;
  refresh(): void;
};

function notSupportView(refresh: () => void): HTMLElement {
  return el(
    "section",
    { class: "not-support" },
    el("p", {}, "This message isn't part of a support thread."),
    button("Refresh", refresh),
  );
}

function threadView(
  context: MailContext,
  message: OpenMessage,
  presence: Presence[],
  connected: boolean,
  actions: ThreadActions,
  publicUrl: string,
): HTMLElement {
  const thread = context.thread!;
  const warning = newerMessageWarning(thread, message.receivedAt);
  const mine = context.me && thread.assignee?.email === context.me.email;
  return el(
    "section",
    { class: "thread", "aria-labelledby": "thread-title" },
    el("h1", { id: "thread-title" }, el("span", { class: "ref" }, thread.ref), " ", thread.subject),
    warning ? el("p", { class: "warning", role: "alert" }, warning) : null,
    targetNotice(thread),
    threadFacts(thread),
    statusButtons(thread.status, actions.setStatus),
    el(
      "div",
      { class: "actions" },
      button("Assign to me", actions.assignToMe, { disabled: Boolean(mine) }),
      button("Refresh", actions.refresh),
      el(
        "a",
        { href: viewerLink(publicUrl, thread.ref), target: "_blank", rel: "noopener" },
        "Open in Tisket",
      ),
    ),
    workSummary(thread, true),
    ticketList(thread.tickets),
    el("h2", {}, "Here now"),
    presenceList(presence),
    connected ? null : el("p", { class: "quiet", role: "status" }, "Live updates paused; reconnecting…"),
  );
}
