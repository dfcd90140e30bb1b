import { asService } from "./fake-cast";

/** A request as the add-on made it, with the headers' names as it wrote them. */
export type SentRequest = {
  url: string;
  method: string;
  headers: Record<string, string>;
  contentType: string | null;
  body: unknown;
  muteHttpExceptions: boolean;
};

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** What answers the add-on's requests: a script in unit tests, a real server end to end. */
export type Transport = (request: SentRequest) => Reply;

/** Thrown by a transport for what Apps Script reports as an exception: DNS, refused, timeout. */
export class FetchFailure extends Error {}

/** UrlFetchApp over a transport, with its real behaviours: exceptions for network failures, and for HTTP errors unless muted. */
export function fakeUrlFetchApp(transport: Transport) {
  const sent: SentRequest[] = [];
  const fetch = (url: string, params: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {}) => {
    const request: SentRequest = {
      url,
      method: (params.method ?? "get").toLowerCase(),
      headers: { ...(params.headers ?? {}) },
      contentType: params.contentType ?? null,
      body: typeof params.payload === "string" ? JSON.parse(params.payload) : undefined,
      muteHttpExceptions: params.muteHttpExceptions === true,
    };
    sent.push(request);
    const reply = transport(request);
    if (reply.status >= 400 && !request.muteHttpExceptions) {
      throw new Error(`Request failed for ${url} returned code ${reply.status}`);
    }
    return httpResponse(reply);
  };
  const service = asService<GoogleAppsScript.URL_Fetch.UrlFetchApp>({ fetch });
  return { service, sent };
}

function httpResponse(reply: Reply): GoogleAppsScript.URL_Fetch.HTTPResponse {
  const text =
    reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  const headers = reply.headers ?? {};
  return asService<GoogleAppsScript.URL_Fetch.HTTPResponse>({
    getResponseCode: () => reply.status,
    getContentText: () => text,
    getHeaders: () => headers,
    getAllHeaders: () => headers,
  });
}
