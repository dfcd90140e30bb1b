import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import type { Delivery } from "./senders";

type Json = Record<string, unknown>;

export const INBOX = "support.acme@tisket.test";

/** The real payloads in test/fixtures/chaos (from the shared corpus), addressed to our inbox. */
export function chaosFixtures(): Json[] {
  const folder = new URL("../fixtures/chaos/", import.meta.url);
  return readdirSync(folder)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => JSON.parse(readFileSync(new URL(name, folder), "utf8")) as Json);
}

/** A small, seeded generator (mulberry32): the same seed, the same run. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (below: number) => Math.floor(next() * below),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Random = ReturnType<typeof seededRandom>;

/** A fixture as a fresh email to the inbox that starts a thread of its own, named by `subject`. */
export function freshEmail(fixture: Json, subject: string, from: string): Json {
  const email = structuredClone(fixture);
  email.MessageID = randomUUID();
  email.Subject = subject;
  email.From = from;
  email.FromFull = { Email: from, Name: "Chaos Client", MailboxHash: "" };
  email.OriginalRecipient = INBOX;
  email.ToFull = [{ Email: INBOX, Name: "", MailboxHash: "" }];
  email.MailboxHash = "";
  const headers = Array.isArray(email.Headers) ? (email.Headers as { Name: string; Value: string }[]) : [];
  email.Headers = [
    ...headers.filter((h) => !/^(message-id|in-reply-to|references)$/i.test(String(h?.Name))),
    { Name: "Message-ID", Value: `<${randomUUID()}@chaos.example>` },
  ];
  return email;
}

export const toDelivery = (email: Json): Delivery => ({
  messageId: typeof email.MessageID === "string" ? email.MessageID : null,
  body: Buffer.from(JSON.stringify(email)),
});

/** The paths of every string in a JSON value. */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === "string") return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...path, index]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  }
  return [];
}

function setAt(root: Json, path: (string | number)[], update: (value: unknown) => unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  node[last] = update(node[last]);
}

const insertAt = (random: Random, text: string, piece: string) => {
  const at = random.int(text.length + 1);
  return text.slice(0, at) + piece + text.slice(at);
};

const ODD_TEXT = [
  "\u0000",
  "\ud800",
  "\udfff",
  "\udfff\ud800",
  "\u202e",
  "e\u0301",
  "💥",
  "\uffff",
  "\r\n\t",
  "'\"\\",
];

type Mutation = (email: Json, random: Random) => Json | Buffer;

/** Ways a payload can be hostile: each takes a fresh email and returns the JSON or raw bytes to post. */
const MUTATIONS: Record<string, Mutation> = {
  oddTextInAString(email, random) {
    setAt(email, random.pick(stringPaths(email)), (text) =>
      insertAt(random, String(text), random.pick(ODD_TEXT)),
    );
    return email;
  },
  oddTextEverywhere(email, random) {
    for (const path of stringPaths(email)) {
      if (random.next() < 0.3)
        setAt(email, path, (text) => insertAt(random, String(text), random.pick(ODD_TEXT)));
    }
    return email;
  },
  hugeString(email, random) {
    const size = random.pick([3000, 70_000, 500_000, 2_000_000]);
    setAt(email, random.pick(stringPaths(email)), () =>
      random.pick(["a", "é", "\ud83d\udca5", "<"]).repeat(size),
    );
    return email;
  },
  hostileMessageId(email, random) {
    email.MessageID = random.pick([
      `${randomUUID()}${"x".repeat(3000)}`,
      `${randomUUID()}\u0000`,
      `${randomUUID()}\ud800`,
      `${"ü".repeat(5000)}${randomUUID()}`,
    ]);
    return email;
  },
  hostileHeaderIds(email, random) {
    const id = random.pick([
      `<${"ü".repeat(3000)}@x>`,
      `<a\u0000b@x>`,
      `<${"x".repeat(10_000)}>`,
      "<\ud800@x>",
    ]);
    email.Headers = [
      { Name: "Message-ID", Value: id },
      { Name: "In-Reply-To", Value: id },
      { Name: "References", Value: Array(200).fill(id).join(" ") },
    ];
    return email;
  },
  wrongType(email, random) {
    const key = random.pick(Object.keys(email));
    email[key] = random.pick([42, {}, [], null, true, [null], { Email: 7 }, -1e308]);
    return email;
  },
  missingField(email, random) {
    if (random.next() < 0.5) delete email.MessageID;
    else {
      email.ToFull = [];
      email.CcFull = [];
      email.BccFull = [];
      email.OriginalRecipient = "";
    }
    return email;
  },
  manyHeaders(email) {
    email.Headers = Array.from({ length: 5000 }, (_, i) => ({
      Name: `X-Header-${i}`,
      Value: "v".repeat(50),
    }));
    return email;
  },
  badAttachment(email, random) {
    email.Attachments = [
      {
        Name: random.pick(["", "\u0000.exe", "a".repeat(5000), "../../etc/passwd"]),
        Content: random.pick(["!!!not base64!!!", "", "\u0000", "QUJD".repeat(50_000)]),
        ContentType: random.pick(["", "text/html\u0000", "x".repeat(4000)]),
        ContentID: random.pick(["", "<\ud800>", "c".repeat(4000)]),
      },
    ];
    return email;
  },
  deepNesting(email) {
    email.Extra = JSON.parse(`${"[".repeat(3000)}${"]".repeat(3000)}`);
    return email;
  },
  rawBytes(email, random) {
    const body = Buffer.from(JSON.stringify(email));
    const piece = random.pick([[0x00], [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]);
    const at = random.int(body.length);
    return Buffer.concat([body.subarray(0, at), Buffer.from(piece), body.subarray(at)]);
  },
  truncated(email, random) {
    const body = Buffer.from(JSON.stringify(email));
    return body.subarray(0, random.int(body.length));
  },
  notAnObject(_email, random) {
    return Buffer.from(random.pick(["[]", "null", '"text"', "42", "", "{", "\u0000", "{}"]));
  },
};

/** `count` hostile deliveries over the fixtures, from `seed`; one in ten repeats an earlier one. */
export function hostileDeliveries(
  fixtures: Json[],
  count: number,
  seed: number,
): (Delivery & { kind: string })[] {
  const random = seededRandom(seed);
  const deliveries: (Delivery & { kind: string })[] = [];
  const kinds = Object.keys(MUTATIONS);
  for (let i = 0; i < count; i++) {
    if (i > 0 && random.next() < 0.1) {
      deliveries.push({ ...random.pick(deliveries), kind: "redelivery" });
      continue;
    }
    const kind = random.pick(kinds);
    const email = freshEmail(
      random.pick(fixtures),
      `fuzz ${seed}-${i}`,
      `fuzz${random.int(500)}@client.example`,
    );
    const messageId = email.MessageID as string;
    const mutated = MUTATIONS[kind]!(email, random);
    deliveries.push(
      Buffer.isBuffer(mutated)
        ? { messageId: null, body: mutated, kind }
        : {
            messageId: typeof mutated.MessageID === "string" ? mutated.MessageID : messageId,
            body: Buffer.from(JSON.stringify(mutated)),
            kind,
          },
    );
  }
  return deliveries;
}
