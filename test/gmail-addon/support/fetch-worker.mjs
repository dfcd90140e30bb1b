// Makes the HTTP requests of sync-http.ts on its own thread, while the add-on's thread waits.
import { workerData } from "node:worker_threads";

const { port, flag } = workerData;

port.on("message", async ({ id, url, method, headers, body, timeoutMs }) => {
  let reply;
  try {
    const response = await fetch(url, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs + 1000),
    });
    reply = {
      id,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text: await response.text(),
    };
  } catch (error) {
    reply = { id, error: error instanceof Error ? (error.cause?.code ?? error.name) : String(error) };
  }
  port.postMessage(reply);
  Atomics.store(flag, 0, id);
  Atomics.notify(flag, 0);
});
