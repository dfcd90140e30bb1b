// The JavaScript-only runtime of classic Outlook on Windows has no DOM: only what these declare.

type EventFetchResponse = { ok: boolean; status: number; json(): Promise<unknown> };

declare function fetch(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<EventFetchResponse>;
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const console: { log(...values: unknown[]): void; error(...values: unknown[]): void };

/** Written by the API in front of the event file it serves: where the API is, for this deployment. */
declare const TISKET_ADDIN: import("../common/api-types").AddinConfig;

/**
 * Set by the identity script that the event page loads where a browser runtime exists (web, new
 * Outlook, Mac): a nested-app-auth token without UI. Absent in classic Outlook on Windows.
 */
declare const tisketNestedToken: (() => Promise<string | null>) | undefined;
