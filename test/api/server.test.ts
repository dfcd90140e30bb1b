import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

type Run = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

/** Starts a command of this repository the way a person does, with its own environment. */
function run(script: string, env: Record<string, string>): Run {
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the server did not say where it listens in time");
}

describe("npm start on a fresh machine", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tisket-start-"));
  let server: Run;
  let base = "";

  beforeAll(async () => {
    server = run("api/src/server.ts", { DATA_DIR: dataDir, PORT: "0", INBOUND_DOMAIN: "tisket.test" });
    base = await waitFor(() => /on (http:\/\/localhost:\d+)/.exec(server.output())?.[1], 90_000);
  }, 120_000);

  afterAll(async () => {
    server?.child.kill("SIGTERM");
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints the demo admin's token, a sign-in link and the next steps", () => {
    expect(server.output()).toContain('Demo org "demo" with inbox support.demo@tisket.test');
    expect(server.output()).toMatch(/admin API token: tsk_\S+/);
    expect(server.output()).toMatch(
      /sign in as admin@demo\.example: http:\/\/localhost:\d+\/admin\/login\/\S+/,
    );
    expect(server.output()).toContain("npm run demo:email");
  });

  it("signs a newcomer in with the printed link, one press, onto the demo thread", async () => {
    const link = /sign in as admin@demo\.example: (\S+)/.exec(server.output())![1]!;
    const opened = await fetch(link);
    expect(opened.status).toBe(200);
    const preSession = opened.headers.getSetCookie()[0]!.split(";")[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await opened.text())![1]!;
    const pressed = await fetch(link, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: preSession, "Content-Type": "application/x-www-form-urlencoded", Origin: base },
      body: new URLSearchParams({ _csrf: csrf }),
    });
    expect(pressed.status).toBe(303);
    const session = pressed.headers.getSetCookie().find((line) => line.startsWith("tisket_session="))!;
    const list = await fetch(`${base}/admin/threads`, { headers: { Cookie: session.split(";")[0]! } });
    const html = await list.text();
    expect(html).toContain("THD-1");
    expect(html).toContain("My printer is on fire");
  });

  it("takes the sample email from npm run demo:email and shows its thread", async () => {
    const port = new URL(base).port;
    const demo = run("api/scripts/demo-email.ts", {
      DATA_DIR: dataDir,
      PORT: port,
      INBOUND_DOMAIN: "tisket.test",
    });
    expect(await demo.exited).toBe(0);
    // THD-1 is the demo thread of the first start
    expect(demo.output()).toContain('Filed as THD-2 in org "demo"');
    const token = /admin API token: (tsk_\S+)/.exec(server.output())![1]!;
    const response = await fetch(`${base}/api/v1/threads`, { headers: { Authorization: `Bearer ${token}` } });
    const body = (await response.json()) as { threads: { ref: string; subject: string }[] };
    expect(body.threads).toEqual([
      expect.objectContaining({ ref: "THD-2", subject: "My printer is on fire" }),
      expect.objectContaining({ ref: "THD-1", subject: "My printer is on fire" }),
    ]);
  });

  it("refuses a second process on the same data directory, saying why", async () => {
    const second = run("api/src/server.ts", { DATA_DIR: dataDir, PORT: "0" });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/in use by another Tisket process \(pid \d+\)/);
    expect(readFileSync(join(dataDir, "tisket.lock"), "utf8")).toBe(String(server.child.pid));
  });
});

describe("npm start with a wrong setting", () => {
  it("stops at once with a message naming the variable", async () => {
    const server = run("api/src/server.ts", { PORT: "eighty", DATA_DIR: join(tmpdir(), "never-used") });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain("PORT:");
  });
});
