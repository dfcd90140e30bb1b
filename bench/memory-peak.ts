import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startChild } from "./bench-child";
import { INBOX_ADDRESS, WEBHOOK_PASSWORD, WEBHOOK_USER } from "./bench-constants";
import { basicAuth } from "./http-client";
import { createScratchDatabase, type ScratchDatabase } from "./scratch-postgres";

const USAGE = `npm run bench:memory -- [flags]
  --db pg|pglite      the database behind the API (default pg)
  --size-mb N         size of each email's JSON body (default 50)
  --parallel N        emails posted at once in the second round (default 8)
  --pg-url URL        server where the scratch database is created (default postgres://postgres@127.0.0.1:5432/test)

Starts the API in a child process, posts one email of --size-mb, then --parallel of them at once,
and prints the API process's peak resident memory (Linux VmHWM) for each round.`;

/**
 * A Postmark payload of about `megabytes` MB, as large mail arrives: a short text and HTML part and
 * random (incompressible, as photos and PDFs are) attachments, base64 in the JSON.
 */
function largePayload(megabytes: number): Buffer {
  const attachmentBytes = Math.floor((megabytes * 1024 * 1024 * 3) / 4 / 3);
  const attachments = Array.from({ length: 3 }, (_, i) => ({
    Name: `scan-${i + 1}.pdf`,
    Content: randomBytes(attachmentBytes).toString("base64"),
    ContentType: "application/pdf",
    ContentLength: attachmentBytes,
  }));
  const payload = {
    MessageID: randomUUID(),
    From: "cleo@client.example",
    FromName: "Cleo Client",
    FromFull: { Email: "cleo@client.example", Name: "Cleo Client", MailboxHash: "" },
    To: INBOX_ADDRESS,
    ToFull: [{ Email: INBOX_ADDRESS, Name: "", MailboxHash: "" }],
    CcFull: [],
    BccFull: [],
    OriginalRecipient: INBOX_ADDRESS,
    Subject: "The scans you asked for",
    Date: new Date().toUTCString(),
    MailboxHash: "",
    TextBody: "Here are the scans.\n".repeat(1000),
    HtmlBody: `<p>${"Here are the scans. ".repeat(5000)}</p>`,
    StrippedTextReply: "",
    Headers: [{ Name: "Message-ID", Value: `<${randomUUID()}@client.example>` }],
    Attachments: attachments,
  };
  return Buffer.from(JSON.stringify(payload));
}

function post(port: number, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const headers = {
      "content-type": "application/json",
      "content-length": body.length,
      authorization: basicAuth(WEBHOOK_USER, WEBHOOK_PASSWORD),
    };
    const req = request(
      { host: "127.0.0.1", port, path: "/webhooks/postmark/inbound", method: "POST", headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve(`${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 120)}`));
        res.on("error", (error) => resolve(`failed ${String(error)}`));
      },
    );
    // an answer given before the body was read (503: no room in the body budget) ends the upload
    req.on("error", (error) => resolve(`failed ${String(error)}`));
    req.on("socket", (socket) => socket.on("error", () => undefined));
    req.end(body);
  });
}

/** Resident memory of a process in MB: now, and its peak since the last reset. */
function residentMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb("VmRSS") / 1024), peak: Math.round(kb("VmHWM") / 1024) };
}

// writing 5 to clear_refs resets the kernel's peak-RSS mark (VmHWM) of the process
const resetPeak = (pid: number) => writeFileSync(`/proc/${pid}/clear_refs`, "5");

async function round(pid: number, port: number, bodies: Buffer[]) {
  await new Promise((resolve) => setTimeout(resolve, 2000));
  resetPeak(pid);
  const before = residentMb(pid).rss;
  const answers = await Promise.all(bodies.map((body) => post(port, body)));
  const { peak } = residentMb(pid);
  await new Promise((resolve) => setTimeout(resolve, 5000));
  return { before, peak, after: residentMb(pid).rss, answers };
}

async function main() {
  const { values } = parseArgs({
    options: {
      db: { type: "string", default: "pg" },
      "size-mb": { type: "string", default: "50" },
      parallel: { type: "string", default: "8" },
      "pg-url": { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const megabytes = Number(values["size-mb"]);
  const parallel = Number(values.parallel);
  let scratch: ScratchDatabase | null = null;
  let dataDir: string | null = null;
  const args: string[] = [];
  if (values.db === "pglite") {
    dataDir = mkdtempSync(join(tmpdir(), "tisket-memory-"));
    args.push("--data-dir", dataDir);
  } else {
    scratch = await createScratchDatabase(values["pg-url"]);
    args.push("--database-url", scratch.url);
  }
  const api = await startChild("serve-api.ts", [...args, "--acks", "off"]);
  try {
    const idle = residentMb(api.pid).rss;
    const one = await round(api.pid, api.port, [largePayload(megabytes)]);
    const many = await round(
      api.pid,
      api.port,
      Array.from({ length: parallel }, () => largePayload(megabytes)),
    );
    console.log(`API on ${values.db} (${api.detail}); resident memory in MB, idle after start: ${idle}`);
    console.log(
      `  one ${megabytes} MB email:  before ${one.before}, peak ${one.peak}, 5 s after ${one.after}`,
    );
    console.log(
      `  ${parallel} at once:         before ${many.before}, peak ${many.peak}, 5 s after ${many.after}`,
    );
    console.log(`  answers: ${[...one.answers, ...many.answers].map((a) => a.split(" ")[0]).join(" ")}`);
    for (const answer of [...one.answers, ...many.answers]) {
      if (!answer.startsWith("200")) console.log(`  ${answer}`);
    }
  } finally {
    await api.stop();
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
