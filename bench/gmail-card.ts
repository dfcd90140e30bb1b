// npm run gmail:measure — how long the Gmail add-on takes from the message-open trigger to the
// built card, against the real API on this machine: the built Code.js in node:vm, its
// UrlFetchApp blocking on real HTTP. Also counts the HTTP calls each card makes.
import { parseArgs } from "node:util";
import { bundleAddon } from "../gmail-addon/scripts/bundle";
import { viewCard } from "../test/gmail-addon/support/card-view";
import {
  addonFor,
  googleIdentity,
  newClientThread,
  startLiveApi,
} from "../test/gmail-addon/support/live-world";

const USAGE = `npm run gmail:measure -- [--opens N] [--warmup N]
  --opens N   measured opens per sign-in (default 200)
  --warmup N  opens before measuring, not counted (default 20)`;

type Run = { label: string; millis: number[]; calls: number[] };

function quantile(sorted: number[], q: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

function row(run: Run): string {
  const sorted = [...run.millis].sort((a, b) => a - b);
  const calls = [...new Set(run.calls)].join("/");
  const cells = [
    run.label.padEnd(12),
    String(sorted.length).padStart(5),
    `${quantile(sorted, 0.5).toFixed(1)} ms`.padStart(9),
    `${quantile(sorted, 0.99).toFixed(1)} ms`.padStart(9),
    `${(sorted.at(-1) ?? Number.NaN).toFixed(1)} ms`.padStart(9),
    calls.padStart(6),
  ];
  return `  ${cells.join("  ")}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      opens: { type: "string", default: "200" },
      warmup: { type: "string", default: "20" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const opens = Number(values.opens);
  const warmup = Number(values.warmup);
  const { api, key, bobToken } = await startLiveApi();
  try {
    const { code } = await bundleAddon({ publicUrl: "https://api.example.com" });
    const thread = await newClientThread(api, bobToken, "Printer on fire");
    await api.call("PUT", "/presence", bobToken, {
      thread: thread.ref,
      activity: "composing",
      client: "outlook",
      ttlSeconds: 900,
    });
    const runs: Run[] = [];
    const signIns = [
      { label: "Google ID", identityToken: await googleIdentity(key, "ada@acme.example"), token: null },
      { label: "API token", identityToken: null, token: bobToken },
    ];
    for (const signIn of signIns) {
      const addon = addonFor(code, {
        apiUrl: api.apiUrl,
        gmailUser: "ada@acme.example",
        identityToken: signIn.identityToken,
      });
      if (signIn.token) addon.world.userProperties.set("TISKET_TOKEN", signIn.token);
      const run: Run = { label: signIn.label, millis: [], calls: [] };
      for (let i = 0; i < warmup + opens; i += 1) {
        const event = addon.world.openMessage({ ...thread.email, date: new Date() });
        const before = addon.world.sent.length;
        const started = performance.now();
        const card = addon.entryPoints.onGmailMessageOpen!(event);
        const millis = performance.now() - started;
        if (!viewCard(card).title.startsWith(thread.ref)) throw new Error(`open ${i}: not the thread's card`);
        if (i < warmup) continue;
        run.millis.push(millis);
        run.calls.push(addon.world.sent.length - before);
      }
      await addon.close();
      runs.push(run);
    }
    console.log(
      [
        "Gmail add-on: message-open trigger → card built (Code.js in node:vm; the real API in its own process,",
        "in-memory PGlite, on this machine; each open: GmailApp read, one UrlFetchApp call, the card)",
        `  ${"sign-in".padEnd(12)}  opens     median       p99       max  calls/card`,
        ...runs.map(row),
      ].join("\n"),
    );
  } finally {
    await api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
