import type { ContextRequest, MailContext } from "../common/api-types";

/** Long enough for a slow network, short enough that an agent waiting to send hardly notices. */
export const LOOK_UP_TIMEOUT_MS = 5000;

/** Settles with `promise`, or with null after `ms`: a slow API must never hold an agent's mail. */
export function withinTime<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  return new Promise<T | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

/** One `POST /api/v1/context`; null when the API cannot be reached, refuses or answers late. */
export function lookUpDraft(token: string, request: ContextRequest): Promise<MailContext | null> {
  const call = fetch(`${TISKET_ADDIN.apiUrl}/api/v1/context`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      "X-Tisket-Client": "outlook",
    },
    body: JSON.stringify(request),
  }).then((response) => {
    if (!response.ok) throw new Error(`context answered ${response.status}`);
    return response.json() as Promise<MailContext>;
  });
  return withinTime(call, LOOK_UP_TIMEOUT_MS);
}
