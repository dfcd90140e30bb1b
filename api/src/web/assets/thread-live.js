// The thread page's live parts. While the page is visible it heartbeats presence (client `web`);
// it leaves on pagehide; it shows who else is here, from the heartbeat's answer and the thread's
// event stream; it says when a new message lands, without a reload; and it shows a teammate's new
// note and drafted replies in place, as the server renders them.
(() => {
  const root = document.getElementById("thread-live");
  if (!root) return;
  const thread = root.dataset.thread ?? "";
  const csrf = root.dataset.csrf ?? "";
  const me = root.dataset.me ?? "";
  const HEARTBEAT_MS = 10_000;
  const MAX_RETRY_MS = 30_000;
  const CLIENTS = { gmail: "in Gmail", outlook: "in Outlook", web: "on the web" };

  let lastEventId = Number(root.dataset.resume) || 0;
  let clockOffsetMs = 0; // the server's clock minus ours: expiries are the server's instants
  let stopped = false;
  const present = new Map(); // "email client" -> presence

  // ---- who else is here ----
  const list = document.getElementById("presence-list");
  const keyOf = (p) => `${p.member.email} ${p.client}`;
  const describe = (p) =>
    `${p.member.name || p.member.email} ${p.activity === "composing" ? "is composing a reply" : "is viewing"} ${CLIENTS[p.client] ?? ""}`.trim();

  function render() {
    if (!list) return;
    const people = [...present.values()].sort((a, b) => a.since.localeCompare(b.since));
    const items = people.map((p) => {
      const item = document.createElement("li");
      item.className = `presence-${p.activity}`;
      item.textContent = describe(p);
      return item;
    });
    if (items.length === 0) {
      const item = document.createElement("li");
      item.className = "muted presence-empty";
      item.textContent = "Nobody else is looking at this thread.";
      items.push(item);
    }
    list.replaceChildren(...items);
  }

  function replacePresence(others) {
    present.clear();
    for (const p of others) if (p.member.email !== me) present.set(keyOf(p), p);
    render();
  }

  // a presence whose expiry passed is gone, whether or not its end was announced yet
  function dropExpired() {
    const now = Date.now() + clockOffsetMs;
    let changed = false;
    for (const [key, p] of present) {
      if (Date.parse(p.expiresAt) <= now) {
        present.delete(key);
        changed = true;
      }
    }
    if (changed) render();
  }

  // ---- requests as the signed-in member ----
  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    if (response.status === 401 || response.status === 403) {
      stop(); // the session ended: a reload will ask to sign in again
      return null;
    }
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return response.json();
  }

  // ---- heartbeats while visible ----
  let beatTimer = null;
  async function heartbeat() {
    if (stopped || document.visibilityState !== "visible") return;
    try {
      const answer = await post("/admin/live/presence", { thread });
      if (!answer) return;
      clockOffsetMs = Date.parse(answer.now) - Date.now();
      replacePresence(answer.presence);
    } catch {
      // the next beat tries again
    }
  }
  function startBeats() {
    if (stopped || beatTimer) return;
    heartbeat();
    beatTimer = setInterval(heartbeat, HEARTBEAT_MS);
  }
  function stopBeats() {
    clearInterval(beatTimer);
    beatTimer = null;
  }

  // ---- the thread's event stream: one at a time, a fresh ticket for each ----
  let source = null;
  let connecting = false;
  let retryTimer = null;
  let retryMs = 1000;

  function remember(event) {
    const id = Number(event.lastEventId);
    if (id > lastEventId) lastEventId = id;
    return JSON.parse(event.data);
  }

  function onPresence(event) {
    const p = remember(event);
    if (!p.member || p.member.email === me) return;
    const key = keyOf(p);
    if (p.activity === null) present.delete(key);
    else
      present.set(key, {
        member: p.member,
        client: p.client,
        activity: p.activity,
        since: p.since,
        expiresAt: p.expiresAt,
      });
    render();
  }

  function showNotice(text) {
    const notice = document.getElementById("live-notice");
    const label = document.getElementById("live-notice-text");
    if (!notice || !label) return;
    label.textContent = text;
    notice.hidden = false;
  }

  function onMessage(event) {
    const data = remember(event);
    if (data.messageId && document.getElementById(`message-${data.messageId}`)) return;
    showNotice("New message since you opened this thread");
  }

  function onThread(event) {
    const data = remember(event);
    const badge = document.getElementById("thread-status");
    if (badge && data.status) {
      badge.className = `status status-${data.status}`;
      badge.textContent =
        { open: "Open", in_progress: "In progress", resolved: "Resolved", closed: "Closed" }[data.status] ??
        data.status;
    }
    const notice = document.getElementById("live-notice");
    if (data.by && data.by !== me && notice?.hidden)
      showNotice("This thread was changed since you opened it");
  }

  // ---- notes and drafts: pieces of the page, rendered by the server, fetched when an event says so ----
  const localTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  const threadPath = `/admin/threads/${encodeURIComponent(thread)}`;

  async function fetchPiece(path) {
    const response = await fetch(path, { credentials: "same-origin", headers: { Accept: "text/html" } });
    if (!response.ok) return null;
    const template = document.createElement("template");
    template.innerHTML = (await response.text()).trim();
    for (const time of template.content.querySelectorAll("time[data-local]")) {
      const date = new Date(time.getAttribute("datetime") ?? "");
      if (Number.isNaN(date.getTime())) continue;
      time.title = time.textContent ?? "";
      time.textContent = localTime.format(date);
    }
    return template.content;
  }

  function announce(text, href) {
    const notice = document.getElementById("team-notice");
    const label = document.getElementById("team-notice-text");
    const link = document.getElementById("team-notice-link");
    if (!notice || !label || !link) return;
    label.textContent = text;
    link.setAttribute("href", href);
    notice.hidden = false;
  }

  async function onNote(event) {
    const data = remember(event);
    const id = `note-${data.noteId}`;
    if (!data.noteId || document.getElementById(id)) return;
    const piece = await fetchPiece(`${threadPath}/parts/notes/${encodeURIComponent(data.noteId)}`).catch(
      () => null,
    );
    const timeline = document.getElementById("timeline");
    if (!piece || !timeline || document.getElementById(id)) return;
    timeline.append(piece);
    document.getElementById(id)?.classList.add("note-new");
    const author = data.author ?? {};
    if (author.email !== me) announce(`${author.name || author.email} added a note`, `#${id}`);
  }

  // one refresh after another, so the panel ends as the last event left it
  let draftsRefresh = Promise.resolve();
  async function refreshDrafts(data) {
    const piece = await fetchPiece(`${threadPath}/parts/drafts`);
    const current = document.getElementById("drafts");
    if (!piece || !current) return;
    current.replaceWith(piece);
    if (data.action === "created" && data.by !== me)
      announce("A drafted reply came in", `#draft-${data.draft}`);
  }
  function onDraft(event) {
    const data = remember(event);
    draftsRefresh = draftsRefresh.then(() => refreshDrafts(data)).catch(() => {});
  }

  function closeStream() {
    if (!source) return;
    source.close();
    source = null;
  }

  function retryLater() {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
  }

  async function connect() {
    if (stopped || connecting || source) return;
    connecting = true;
    try {
      const ticket = await post("/admin/live/ticket", { thread });
      if (!ticket || stopped) return;
      const query = new URLSearchParams({ ticket: ticket.ticket, lastEventId: String(lastEventId) });
      source = new EventSource(`/api/v1/threads/${encodeURIComponent(thread)}/events?${query}`);
      source.addEventListener("open", () => {
        retryMs = 1000;
      });
      source.addEventListener("presence", onPresence);
      source.addEventListener("message", onMessage);
      source.addEventListener("thread", onThread);
      source.addEventListener("note", onNote);
      source.addEventListener("draft", onDraft);
      // the browser would retry with the same ticket, which lives a minute: start over instead
      source.addEventListener("error", () => {
        closeStream();
        retryLater();
      });
    } catch {
      retryLater();
    } finally {
      connecting = false;
    }
  }

  function stop() {
    stopped = true;
    stopBeats();
    closeStream();
  }

  // ---- the page's life ----
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") startBeats();
    else stopBeats();
  });
  window.addEventListener("pagehide", () => {
    stopBeats();
    closeStream();
    navigator.sendBeacon("/admin/live/leave", new URLSearchParams({ thread, _csrf: csrf }));
  });
  window.addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    startBeats();
    connect();
  });
  for (const form of document.querySelectorAll("form.images-bar")) {
    form.addEventListener("submit", () => {
      setTimeout(() => {
        form.replaceChildren(
          Object.assign(document.createElement("span"), { textContent: "Images loaded." }),
        );
      });
    });
  }

  try {
    replacePresence(JSON.parse(root.dataset.presence ?? "[]"));
  } catch {
    // the first heartbeat fills the list
  }
  setInterval(dropExpired, 1000);
  startBeats();
  connect();
})();
