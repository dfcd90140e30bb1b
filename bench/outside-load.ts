import { WEBHOOK_PASSWORD, WEBHOOK_USER } from "./bench-constants";
import { announceReady, reportProgress, serveCommands } from "./child-ipc";
import { EmailTraffic } from "./email-traffic";
import { basicAuth, httpPoster } from "./http-client";
import { runLoad } from "./load";

/** What the outside load generator posts, and where. */
export type OutsideLoadInput = {
  port: number;
  label: string;
  total: number;
  concurrency: number;
  timeoutMs: number;
  seed: number;
  replyShare: number;
  runTag: string;
};

/**
 * A load generator in a process of its own, as an operator's would be: the same traffic over
 * kept-alive node:http connections, so the bench's in-process figure can be checked against it.
 */
function post(input: OutsideLoadInput) {
  const poster = httpPoster(
    input.port,
    "/webhooks/postmark/inbound",
    input.concurrency,
    basicAuth(WEBHOOK_USER, WEBHOOK_PASSWORD),
  );
  return runLoad({
    label: input.label,
    total: input.total,
    concurrency: input.concurrency,
    timeoutMs: input.timeoutMs,
    traffic: new EmailTraffic(input.runTag, input.seed, input.replyShare),
    deliver: poster.deliver,
    progress: reportProgress,
  }).finally(() => poster.close());
}

serveCommands({ post: (input) => post(input as OutsideLoadInput) }, async () => {});
announceReady(0, `outside load generator, pid ${process.pid}`);
