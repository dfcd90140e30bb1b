/** Why a call to Tisket did not give the card what it needs, in terms a card can explain. */
export type Problem =
  | { kind: "not_configured" }
  | { kind: "no_identity" }
  | { kind: "unauthorized"; via: "token" | "google" }
  | { kind: "several_orgs"; orgs: string[] }
  | { kind: "not_found"; message: string }
  | { kind: "refused"; status: number; message: string }
  | { kind: "rate_limited"; retryAfterSeconds: number | null }
  | { kind: "server"; status: number }
  | { kind: "unreachable"; timedOut: boolean }
  | { kind: "unexpected"; status: number };

export type Answer<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export const answered = <T>(value: T): Answer<T> => ({ ok: true, value });
export const failed = <T>(problem: Problem): Answer<T> => ({ ok: false, problem });
