import { fork } from "node:child_process";
import type { JWK } from "jose";
import type { ApiProcessReady, ApiProcessSettings } from "./api-process";

export const OPERATOR = "operator-token-for-gmail-tests";
const WEBHOOK_USER = "postmark";
const WEBHOOK_PASSWORD = "hook-secret";
export const INBOUND_DOMAIN = "tisket.test";

export type ApiServer = ApiProcessReady & {
  /** A call from the test itself (not through the add-on): the operator's or a member's token. */
  call<T>(method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** Posts an email to the webhook as Postmark would. */
  deliver(payload: Record<string, unknown>): Promise<void>;
  stop(): Promise<void>;
};

/** Starts `api-process.ts` under tsx and waits until it says where it listens. */
export function startApiServer(options: {
  googleClientId: string;
  googleJwk: JWK;
  rateLimitPerMinute?: number;
}): Promise<ApiServer> {
  const settings: ApiProcessSettings = {
    googleClientId: options.googleClientId,
    googleJwk: options.googleJwk as Record<string, unknown>,
    operatorToken: OPERATOR,
    webhookUser: WEBHOOK_USER,
    webhookPassword: WEBHOOK_PASSWORD,
    inboundDomain: INBOUND_DOMAIN,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000,
  };
  const child = fork(new URL("./api-process.ts", import.meta.url).pathname, [], {
    execArgv: ["--import", "tsx"],
    env: { PATH: process.env.PATH ?? "", TISKET_TEST_API: JSON.stringify(settings) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`the API process exited (${code}) before it was ready`)));
    child.once("message", (message) => {
      const ready = message as ApiProcessReady;
      const call = async <T>(method: string, path: string, token: string, body?: unknown) => {
        const response = await fetch(`${ready.apiUrl}/api/v1${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as T };
      };
      resolve({
        ...ready,
        call,
        async deliver(payload) {
          const response = await fetch(`${ready.apiUrl}/webhooks/postmark/inbound`, {
            method: "POST",
            headers: {
              Authorization: `Basic ${Buffer.from(`${WEBHOOK_USER}:${WEBHOOK_PASSWORD}`).toString("base64")}`,
              "Content-Type": "application/json",
            },
            body: JSON.stringify(payload),
          });
          if (response.status !== 200) throw new Error(`the webhook answered ${response.status}`);
        },
        async stop() {
          if (child.exitCode === null) child.send("stop");
          await exited;
        },
      });
    });
  });
}
