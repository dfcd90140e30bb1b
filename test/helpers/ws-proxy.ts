import type { AddressInfo } from "node:net";
import net from "node:net";
import { type RawData, WebSocketServer } from "ws";

/**
 * A WebSocket-to-TCP tunnel in the manner of Neon's proxy: Postgres wire bytes in binary frames,
 * so the Neon serverless driver can reach the local Postgres in tests.
 */
export async function startWsProxy(): Promise<{ address: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0, perMessageDeflate: false });
  server.on("connection", (socket, request) => {
    const target = new URL(request.url ?? "/", "http://proxy").searchParams.get("address") ?? "";
    const colon = target.lastIndexOf(":");
    const host = target.slice(0, colon);
    if (!["127.0.0.1", "localhost", "::1"].includes(host)) {
      socket.close(1008, "address not allowed");
      return;
    }
    const tcp = net.connect({ host, port: Number(target.slice(colon + 1)) });
    tcp.setNoDelay(true);
    socket.on("message", (data: RawData) => {
      tcp.write(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    tcp.on("data", (chunk) => socket.readyState === socket.OPEN && socket.send(chunk));
    tcp.on("close", () => socket.close());
    tcp.on("error", () => socket.close(1011));
    socket.on("close", () => tcp.destroy());
    socket.on("error", () => tcp.destroy());
  });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}/v2`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
