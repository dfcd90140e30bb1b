import { Agent, request } from "node:http";

/** One email to deliver: its Postmark MessageID (null when the body has none) and body. */
export type Delivery = { messageId: string | null; body: Buffer };

/** One answer the webhook gave (status 0: no answer, the connection failed or timed out). */
export type Answer = { status: number; ms: number; body: string; at: number };

export type Outcome = Delivery & { answers: Answer[]; final: Answer };

// Postmark retries every answer but 200 over ten hours (1 min, 5 min, 10 min…); here the same
// schedule, compressed so a run takes minutes. 4xx answers are final: they are by design.
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000, 8000];
// Postmark waits 2 minutes for an answer
const ANSWER_TIMEOUT_MS = 120_000;

function post(agent: Agent, base: string, auth: string, body: Buffer): Promise<Answer> {
  const started = Date.now();
  return new Promise((resolve) => {
    const url = new URL("/webhooks/postmark/inbound", base);
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        agent,
        timeout: ANSWER_TIMEOUT_MS,
        headers: { authorization: auth, "content-type": "application/json", "content-length": body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            ms: Date.now() - started,
            body: Buffer.concat(chunks).toString(),
            at: started,
          }),
        );
        res.on("error", (error) =>
          resolve({ status: 0, ms: Date.now() - started, body: String(error), at: started }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error("no answer in time")));
    req.on("error", (error) =>
      resolve({ status: 0, ms: Date.now() - started, body: String(error), at: started }),
    );
    req.end(body);
  });
}

const final = (answer: Answer) => answer.status >= 200 && answer.status < 500;

/** Delivers one email until it gets a final answer, retrying the others with backoff. */
async function deliver(agent: Agent, base: string, auth: string, delivery: Delivery): Promise<Outcome> {
  const answers: Answer[] = [];
  for (let attempt = 0; ; attempt++) {
    const answer = await post(agent, base, auth, delivery.body);
    answers.push(answer);
    const delay = RETRY_DELAYS_MS[attempt];
    if (final(answer) || delay === undefined) return { ...delivery, answers, final: answer };
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** `concurrency` senders working through the deliveries, each one at a time, as Postmark's workers do. */
export async function sendAll<D extends Delivery>(
  base: string,
  auth: string,
  deliveries: D[],
  options: { concurrency: number; paceMs?: number },
): Promise<(Outcome & D)[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const outcomes: (Outcome & D)[] = [];
  let next = 0;
  const sender = async () => {
    while (next < deliveries.length) {
      const delivery = deliveries[next++]!;
      outcomes.push({ ...delivery, ...(await deliver(agent, base, auth, delivery)) });
      // a sender paced this way keeps the load up for the whole run
      if (options.paceMs) await new Promise((resolve) => setTimeout(resolve, options.paceMs));
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, sender));
  } finally {
    agent.destroy();
  }
  return outcomes;
}
