import type { AddinConfig, Person } from "../common/api-types";
import { type Api, ApiError, createApi } from "./api-client";
import { button, el } from "./dom";
import {
  createTokenSource,
  forgetPastedToken,
  pastedToken,
  savePastedToken,
  type TokenSource,
} from "./identity";

/** After an outage, an overload or a rate limit the pane tries again by itself, this much later. */
export const RETRY_MS = 10_000;
const RETRIED: ApiError["kind"][] = ["unreachable", "server", "rate_limited"];

/** What every view of the pane shares: the API, the token source and the page's regions. */
export type Shell = {
  config: AddinConfig;
  api: Api;
  tokens: TokenSource;
  /** Replaces the main region. */
  show(...content: (Node | string)[]): void;
  /** A line above the main region; null clears it. */
  notice(message: string | null, tone?: "info" | "error"): void;
  signedInAs(me: Person | undefined): void;
  /** Shows an error in plain words; a refusal asks to sign in, then `retry` runs again. */
  fail(error: unknown, retry: () => void): void;
  /** The API answered again: a "can't be reached" notice no longer holds. */
  reached(): void;
};

export function createShell(config: AddinConfig, root: HTMLElement): Shell {
  const tokens = createTokenSource(config);
  const api = createApi(config, () => tokens.token());
  const status = el("p", { id: "notice", role: "status", hidden: true });
  const main = el("main", { id: "main" });
  const footer = el("footer", { id: "account" });
  let unreachableShown = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  // one pending retry at most, whoever failed: the latest failure's retry is the one that runs
  const retryLater = (retry: () => void) => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      retry();
    }, RETRY_MS);
  };
  root.replaceChildren(status, main, footer);

  const shell: Shell = {
    config,
    api,
    tokens,
    show(...content) {
      main.replaceChildren(...content);
    },
    notice(message, tone = "info") {
      unreachableShown = false;
      status.hidden = message === null;
      status.textContent = message ?? "";
      status.className = tone;
    },
    signedInAs(me) {
      footer.replaceChildren();
      if (!me) return;
      footer.append(
        el("span", {}, `Signed in as ${me.name || me.email}`),
        pastedToken() ? button("Sign out", () => void signOut(shell)) : "",
      );
    },
    fail(error, retry) {
      if (error instanceof ApiError && error.kind === "refused") {
        if (tokens.refused()) retry();
        else showSignIn(shell, error.message, retry);
        return;
      }
      shell.notice(error instanceof Error ? error.message : String(error), "error");
      unreachableShown = error instanceof ApiError && error.kind === "unreachable";
      if (error instanceof ApiError && RETRIED.includes(error.kind)) retryLater(retry);
    },
    reached() {
      if (unreachableShown) shell.notice(null);
    },
  };
  return shell;
}

async function signOut(shell: Shell): Promise<void> {
  await forgetPastedToken();
  shell.signedInAs(undefined);
  showSignIn(shell, "Signed out. Paste an API token to use Tisket again.", () => location.reload());
}

/** Sign in with Microsoft where the host allows it, or paste an API token. */
export function showSignIn(shell: Shell, reason: string, retry: () => void): void {
  shell.notice(null);
  shell.signedInAs(undefined);
  const input = el("input", { id: "token", type: "password", autocomplete: "off", spellcheck: "false" });
  const save = button("Save token", async () => {
    const token = input.value.trim();
    if (!token) {
      shell.notice("Paste the API token first.", "error");
      return;
    }
    await savePastedToken(token);
    retry();
  });
  const microsoft = shell.tokens.canSignInWithMicrosoft()
    ? button("Sign in with Microsoft", async () => {
        if (await shell.tokens.signInInteractively()) retry();
        else shell.notice("Microsoft sign-in didn't complete. Try again, or paste an API token.", "error");
      })
    : null;
  shell.show(
    el(
      "section",
      { class: "sign-in", "aria-labelledby": "sign-in-title" },
      el("h1", { id: "sign-in-title" }, "Sign in to Tisket"),
      el("p", { role: "alert" }, reason),
      microsoft ?? "",
      el("label", { for: "token" }, "API token"),
      input,
      save,
      el("p", { class: "quiet" }, "An admin makes API tokens in Tisket's settings, under API tokens."),
    ),
  );
}
