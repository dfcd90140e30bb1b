import type { TestApp } from "../../helpers/app";

/** One JSON request to the API as the holder of `token` (none: anonymous). */
export function send(t: TestApp, method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  return t.app.request(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

export type ErrorReply = { error: { code: string; message: string } };
