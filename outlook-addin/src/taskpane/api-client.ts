import type {
  AddinConfig,
  ContextRequest,
  MailContext,
  Presence,
  PresenceActivity,
  RenderedSavedReply,
  SavedReplyName,
  ThreadStatus,
  ThreadSummary,
} from "../common/api-types";

/** Why a call failed, in words an agent can act on. */
export class ApiError extends Error {
  constructor(
    readonly kind: "unreachable" | "refused" | "not_found" | "rate_limited" | "bad_request" | "server",
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

export type TokenProvider = () => Promise<string | null>;

const PLAIN_WORDS: Record<ApiError["kind"], string> = {
  unreachable: "Tisket can't be reached right now. Check your connection; the pane tries again by itself.",
  refused:
    "Tisket refused this sign-in: the account isn't a member of a Tisket organization, or its token was revoked.",
  not_found: "Tisket doesn't know this thread in your organization.",
  rate_limited: "Too many requests to Tisket just now; it will try again in a minute.",
  bad_request: "Tisket couldn't use this request.",
  server: "Tisket had a problem on its side; try again shortly.",
};

function kindOf(status: number): ApiError["kind"] {
  if (status === 401 || status === 403) return "refused";
  if (status === 404) return "not_found";
  if (status === 429) return "rate_limited";
  if (status >= 400 && status < 500) return "bad_request";
  return "server";
}

async function failure(response: Response): Promise<ApiError> {
  const kind = kindOf(response.status);
  let detail = "";
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    detail = body.error?.message ?? "";
  } catch {
    // a body that is not our JSON error says nothing more
  }
  const words = kind === "bad_request" && detail ? `${PLAIN_WORDS.bad_request} ${detail}` : PLAIN_WORDS[kind];
  return new ApiError(kind, words, response.status);
}

export type StreamTicket = { ticket: string; expiresAt: string };
export type StartedThread = { thread: ThreadSummary; subject: string };

/** The staff API as the pane uses it: one method per call, each with the current token. */
export function createApi(config: AddinConfig, token: TokenProvider) {
  async function call<T>(method: string, path: string, body?: unknown, keepalive = false): Promise<T> {
    const bearer = await token();
    if (!bearer) throw new ApiError("refused", "Sign in to Tisket to see this thread.", 401);
    let response: Response;
    try {
      response = await fetch(`${config.apiUrl}/api/v1${path}`, {
        method,
        keepalive,
        headers: {
          Authorization: `Bearer ${bearer}`,
          "Content-Type": "application/json",
          "X-Tisket-Client": "outlook",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError("unreachable", PLAIN_WORDS.unreachable);
    }
    if (!response.ok) throw await failure(response);
    // 204 No Content: a deletion answers nothing to read
    return (response.status === 204 ? null : await response.json()) as T;
  }

  return {
    context: (request: Omit<ContextRequest, "client">) =>
      call<MailContext>("POST", "/context", { client: "outlook", ...request }),
    heartbeat: (thread: string, activity: PresenceActivity) =>
      call<{ presence: Presence[] }>("PUT", "/presence", { thread, activity, client: "outlook" }),
    leave: (thread: string, activity: PresenceActivity) =>
      call<{ presence: Presence[] }>("DELETE", "/presence", { thread, activity, client: "outlook" }, true),
    streamTicket: (thread: string) => call<StreamTicket>("POST", "/events/tickets", { thread }),
    setStatus: (ref: string, status: ThreadStatus) =>
      call<{ thread: ThreadSummary }>("PATCH", `/threads/${encodeURIComponent(ref)}`, { status }),
    assign: (ref: string, assignee: string) =>
      call<{ thread: ThreadSummary }>("PATCH", `/threads/${encodeURIComponent(ref)}`, { assignee }),
    startThread: (input: { inbox: string; clientEmail: string; clientName?: string; subject: string }) =>
      call<StartedThread>("POST", "/threads", input),
    savedReplies: () => call<{ savedReplies: SavedReplyName[] }>("GET", "/saved-replies"),
    renderSavedReply: (id: string, thread: string) =>
      call<RenderedSavedReply>("POST", `/saved-replies/${encodeURIComponent(id)}/render`, { thread }),
    discardSuggestion: (ref: string, id: string) =>
      call<null>("DELETE", `/threads/${encodeURIComponent(ref)}/drafts/${encodeURIComponent(id)}`),
  };
}

export type Api = ReturnType<typeof createApi>;
