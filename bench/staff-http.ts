import { Agent, request } from "node:http";

/**
 * One staff call: method, path, the member's bearer token, the JSON body and any more headers; a
 * web page's call carries the session cookie instead of a token.
 */
export type StaffCall = {
  method: "POST" | "PUT" | "GET";
  path: string;
  token: string;
  body: unknown;
  headers?: Record<string, string>;
  cookie?: string;
};

/** The answer: the status code and, for a 200 in JSON, the parsed JSON. */
export type StaffAnswer = { status: number; json: unknown; text: string };

/**
 * JSON calls over kept-alive connections, one per concurrent sender, as add-ons keep theirs.
 * node:http rather than fetch: the load generator shares the two cores with the API and Postgres.
 */
export function staffClient(port: number, concurrency: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const call = (staffCall: StaffCall) =>
    new Promise<StaffAnswer>((resolve, reject) => {
      const body = staffCall.body === undefined ? "" : JSON.stringify(staffCall.body);
      const headers: Record<string, string | number> = { "user-agent": "tisket-bench", ...staffCall.headers };
      if (staffCall.token) headers.authorization = `Bearer ${staffCall.token}`;
      if (staffCall.cookie) headers.cookie = staffCall.cookie;
      if (body) {
        headers["content-type"] = "application/json";
        headers["content-length"] = Buffer.byteLength(body);
      }
      const options = {
        host: "127.0.0.1",
        port,
        path: staffCall.path,
        method: staffCall.method,
        agent,
        headers,
      };
      const req = request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          const json = status === 200 && String(res.headers["content-type"]).includes("json");
          resolve({ status, text, json: json ? JSON.parse(text) : null });
        });
      });
      req.on("error", reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}
