import { Agent, request } from "node:http";
import type { DeliveryOutcome } from "./load";

/**
 * Posts payloads over kept-alive connections, one per concurrent sender, the way Postmark's
 * delivery workers hold theirs. node:http rather than fetch: the load generator shares the two
 * cores with the API and the database, so it should cost as little as possible.
 */
export function httpPoster(port: number, path: string, concurrency: number, authorization: string | null) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const deliver = (body: string) =>
    new Promise<DeliveryOutcome>((resolve, reject) => {
      const headers: Record<string, string | number> = {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(body),
        "user-agent": "Postmark",
      };
      if (authorization) headers.authorization = authorization;
      const req = request({ host: "127.0.0.1", port, path, method: "POST", agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode !== 200) {
            resolve({ ok: false, problem: `HTTP ${res.statusCode}: ${text.slice(0, 200)}` });
            return;
          }
          const status = (JSON.parse(text) as { status?: unknown }).status;
          resolve({ ok: true, status: typeof status === "string" ? status : "ok" });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  return { deliver, close: () => agent.destroy() };
}

export const basicAuth = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
