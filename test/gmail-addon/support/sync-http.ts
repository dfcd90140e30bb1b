import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { FetchFailure, type Reply, type SentRequest, type Transport } from "./fake-url-fetch";

type WorkerReply = {
  id: number;
  status?: number;
  headers?: Record<string, string>;
  text?: string;
  error?: string;
};

/**
 * Real HTTP, answered synchronously as UrlFetchApp answers: the request is made on a worker
 * thread while this thread blocks in `Atomics.wait` for its reply. No answer within `timeoutMs`
 * is Apps Script's "Timeout" exception, a connection refused its "Address unavailable".
 */
export function syncHttp(options: { timeoutMs: number }) {
  const { port1, port2 } = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL("./fetch-worker.mjs", import.meta.url), {
    workerData: { port: port2, flag },
    transferList: [port2],
  });
  worker.unref();
  let nextId = 0;

  const transport: Transport = (request: SentRequest): Reply => {
    const id = ++nextId;
    while (receiveMessageOnPort(port1)) {} // replies to requests given up on earlier
    port1.postMessage({
      id,
      url: request.url,
      method: request.method.toUpperCase(),
      headers: {
        ...request.headers,
        ...(request.contentType ? { "Content-Type": request.contentType } : {}),
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      timeoutMs: options.timeoutMs,
    });
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new FetchFailure(`Timeout: ${request.url}`);
      // short waits: the reply is read from the port, the flag only wakes this thread
      Atomics.wait(flag, 0, Atomics.load(flag, 0), Math.min(left, 20));
      const reply = receiveMessageOnPort(port1)?.message as WorkerReply | undefined;
      if (!reply || reply.id !== id) continue;
      if (reply.error) throw new FetchFailure(`Address unavailable: ${request.url} (${reply.error})`);
      return { status: reply.status ?? 0, body: reply.text ?? "", headers: reply.headers ?? {} };
    }
  };
  return { transport, close: () => worker.terminate() };
}
