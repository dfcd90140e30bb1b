import type { App } from "../../api/src/app";
import { createSignInLink } from "../../api/src/web/sign-in/sign-in-links";
import type { TestApp } from "./app";

type Cookie = { value: string; path: string };

export type PageReply = { status: number; html: string; location: string | null; headers: Headers };

/**
 * A browser without a browser, for HTTP tests of the web pages: keeps cookies by path as a browser
 * would, sends same-origin POSTs (Origin and Sec-Fetch-Site) unless told otherwise, and remembers
 * the CSRF token of the last page it read. Requests go to the app in-process, from `ip`.
 */
export class WebClient {
  readonly cookies = new Map<string, Cookie>();
  csrf: string | null = null;

  constructor(
    private readonly app: App,
    readonly origin = "http://tisket.test",
    readonly ip = "198.51.100.7",
  ) {}

  cookieHeader(path: string): string {
    return [...this.cookies]
      .filter(([, cookie]) => path.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join("; ");
  }

  private keep(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const [name, ...rest] = pair!.split("=");
      const value = rest.join("=");
      const path = attributes.find((a) => a.toLowerCase().startsWith("path="))?.slice(5) ?? "/";
      const gone = attributes.some((a) => /^max-age=0$/i.test(a) || /^expires=thu, 01 jan 1970/i.test(a));
      if (gone || value === "") this.cookies.delete(name!);
      else this.cookies.set(name!, { value, path });
    }
  }

  async request(
    method: string,
    path: string,
    init: { body?: string | URLSearchParams; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { Accept: "text/html", ...init.headers };
    const cookie = this.cookieHeader(path);
    if (cookie) headers.Cookie = cookie;
    const res = await this.app.request(
      `${this.origin}${path}`,
      { method, headers, body: init.body ?? null },
      { incoming: { socket: { remoteAddress: this.ip } } },
    );
    this.keep(res.headers);
    const html = await res.text();
    // the page's own form comes after the top bar's Sign out form, whose token is the session's
    const fields = [...html.matchAll(/name="_csrf" value="([^"]+)"/g)];
    const token = fields.at(-1)?.[1] ?? /data-csrf="([^"]+)"/.exec(html)?.[1];
    if (token) this.csrf = token;
    return {
      status: res.status,
      html,
      location: res.headers.get("location"),
      headers: res.headers,
    } as PageReply;
  }

  get(path: string) {
    return this.request("GET", path);
  }

  /** A form POST as a browser sends it from one of our pages: with the page's `_csrf` unless given. */
  post(path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const body = new URLSearchParams({ _csrf: this.csrf ?? "", ...fields });
    return this.request("POST", path, {
      body,
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: this.origin,
        "Sec-Fetch-Site": "same-origin",
        ...headers,
      },
    });
  }

  /** A JSON POST as the thread page's script sends it, with the CSRF header. */
  postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
    return this.request("POST", path, {
      body: JSON.stringify(body),
      headers: {
        "Content-Type": "application/json",
        "X-CSRF-Token": this.csrf ?? "",
        Origin: this.origin,
        "Sec-Fetch-Site": "same-origin",
        ...headers,
      },
    });
  }
}

/** The path of a sign-in link in a text (an email, a console line). */
export function linkPath(text: string): string {
  const match = /https?:\/\/[^/\s]+(\/admin\/login\/[A-Za-z0-9_-]{43})/.exec(text);
  if (!match) throw new Error(`no sign-in link in: ${text.slice(0, 200)}`);
  return match[1]!;
}

/** A client signed in as `email` through a fresh link and its Continue button. */
export async function signedIn(t: TestApp, email: string, ip?: string): Promise<WebClient> {
  const client = new WebClient(t.app, undefined, ip);
  const link = await createSignInLink(t.db, t.deps.config, email, t.deps.clock.now());
  await client.get(linkPath(link));
  const done = await client.post(linkPath(link));
  if (done.status !== 303) throw new Error(`signing in answered ${done.status}: ${done.html.slice(0, 300)}`);
  return client;
}
