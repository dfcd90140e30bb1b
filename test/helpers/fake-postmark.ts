import { randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * How the fake answers a batch: `ok` accepts each email (but those to `inactiveRecipients`);
 * `inactive` and `invalid` refuse each email inside a 200, as Postmark does; `refused` refuses the
 * request as a whole (422); `down` answers 503; `hang` never answers.
 */
export type FakePostmarkMode = "ok" | "down" | "inactive" | "invalid" | "refused" | "hang";

/** One email Postmark accepted: the JSON body as sent and the HTTP headers it came with. */
export type ReceivedEmail = {
  body: Record<string, unknown> & { Headers?: { Name: string; Value: string }[] };
  headers: IncomingHttpHeaders;
  messageId: string;
};

export type FakePostmark = {
  url: string;
  token: string;
  mode: FakePostmarkMode;
  /** Recipients refused as inactive (ErrorCode 406) while the rest of their batch is sent. */
  inactiveRecipients: Set<string>;
  /** Emails accepted, in order. */
  received: ReceivedEmail[];
  /** Every POST /email/batch that reached the server, whatever the answer. */
  requestCount: number;
  close(): Promise<void>;
};

/** A local stand-in for Postmark's `POST /email/batch`, on a free port of 127.0.0.1. */
export async function startFakePostmark(token = "fake-server-token"): Promise<FakePostmark> {
  const server = createServer((request, response) => {
    void handle(fake, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakePostmark = {
    url: `http://127.0.0.1:${port}`,
    token,
    mode: "ok",
    inactiveRecipients: new Set(),
    received: [],
    requestCount: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

async function handle(fake: FakePostmark, request: IncomingMessage, response: ServerResponse) {
  const raw = await readBody(request);
  if (request.method !== "POST" || request.url !== "/email/batch") {
    return answer(response, 404, { ErrorCode: 404, Message: "Not found" });
  }
  fake.requestCount += 1;
  if (request.headers["x-postmark-server-token"] !== fake.token) {
    return answer(response, 401, { ErrorCode: 10, Message: "Bad or missing Server API token." });
  }
  const batch = JSON.parse(raw) as ReceivedEmail["body"][];
  switch (fake.mode) {
    case "hang":
      return;
    case "down":
      return answer(response, 503, { ErrorCode: 100, Message: "Service unavailable" });
    case "refused":
      return answer(response, 422, { ErrorCode: 402, Message: "Received invalid JSON input." });
    default:
      return answer(
        response,
        200,
        batch.map((body) => sendOne(fake, body, request.headers)),
      );
  }
}

// a batch answers 200 with a result per email: accepted, or refused with an ErrorCode
function sendOne(fake: FakePostmark, body: ReceivedEmail["body"], headers: IncomingHttpHeaders) {
  const to = String(body.To);
  if (fake.mode === "inactive" || fake.inactiveRecipients.has(to)) {
    return {
      ErrorCode: 406,
      Message: `You tried to send to a recipient that has been marked as inactive. Found inactive addresses: ${to}. Inactive recipients are ones that have generated a hard bounce, a spam complaint, or a manual suppression. `,
    };
  }
  if (fake.mode === "invalid") return { ErrorCode: 300, Message: "Invalid email request" };
  const messageId = randomUUID();
  fake.received.push({ body, headers, messageId });
  return { To: to, SubmittedAt: new Date().toISOString(), MessageID: messageId, ErrorCode: 0, Message: "OK" };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}
