import { generateKeyPairSync } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** `ok` answers as Postmark does; `down` answers 503; `hang` never answers. */
export type FakeAccountMode = "ok" | "down" | "hang";

/** A domain as the fake keeps it: what Postmark's DomainDetails carry. */
export type FakeDomain = {
  ID: number;
  Name: string;
  ReturnPathDomain: string;
  DKIMVerified: boolean;
  ReturnPathDomainVerified: boolean;
  /** the key Postmark generated, pending until DKIM is verified */
  key: string;
};

export type FakePostmarkAccount = {
  url: string;
  token: string;
  mode: FakeAccountMode;
  /** Whether the DNS records a verification looks for are published (false: it finds nothing). */
  dns: { dkim: boolean; returnPath: boolean };
  domains: Map<number, FakeDomain>;
  /** Every request that reached the server: method and path. */
  requests: string[];
  close(): Promise<void>;
};

const CNAME_TARGET = "pm.mtasv.net";

/**
 * A local stand-in for Postmark's Domains API (account token): POST/GET /domains, GET/PUT/DELETE
 * /domains/{id}, PUT /domains/{id}/verifyDkim and /verifyReturnPath, answering with Postmark's
 * fields and its error shape `{ ErrorCode, Message }`.
 */
export async function startFakePostmarkAccount(token = "fake-account-token"): Promise<FakePostmarkAccount> {
  const server = createServer((request, response) => {
    void handle(fake, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakePostmarkAccount = {
    url: `http://127.0.0.1:${port}`,
    token,
    mode: "ok",
    dns: { dkim: false, returnPath: false },
    domains: new Map(),
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

let nextId = 1000;

async function handle(fake: FakePostmarkAccount, request: IncomingMessage, response: ServerResponse) {
  const raw = await readBody(request);
  const path = new URL(request.url ?? "/", "http://fake").pathname.replace(/\/+$/, "");
  const method = request.method ?? "GET";
  fake.requests.push(`${method} ${path}`);
  if (fake.mode === "hang") return;
  if (fake.mode === "down") return answer(response, 503, { ErrorCode: 100, Message: "Service unavailable" });
  if (request.headers["x-postmark-account-token"] !== fake.token) {
    return answer(response, 401, {
      ErrorCode: 10,
      Message: "The Account API token supplied in the request is not valid.",
    });
  }
  const match = /^\/domains(?:\/(\d+))?(?:\/(verifydkim|verifyreturnpath))?$/i.exec(path);
  if (!match) return answer(response, 404, { ErrorCode: 404, Message: "Not found" });
  const [, id, action] = match;
  if (!id) return collection(fake, method, raw, response);
  const domain = fake.domains.get(Number(id));
  if (!domain) return answer(response, 422, { ErrorCode: 510, Message: "This domain was not found." });
  return one(fake, domain, { method, action: action?.toLowerCase() }, response);
}

function collection(fake: FakePostmarkAccount, method: string, raw: string, response: ServerResponse) {
  if (method === "GET") {
    const domains = [...fake.domains.values()].map(summary);
    return answer(response, 200, { TotalCount: domains.length, Domains: domains });
  }
  if (method !== "POST") return answer(response, 405, { ErrorCode: 405, Message: "Method not allowed" });
  const body = JSON.parse(raw || "{}") as { Name?: unknown; ReturnPathDomain?: unknown };
  const name = typeof body.Name === "string" ? body.Name.toLowerCase() : "";
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(name)) {
    return answer(response, 422, { ErrorCode: 511, Message: "Invalid fields supplied." });
  }
  if ([...fake.domains.values()].some((domain) => domain.Name === name)) {
    return answer(response, 422, { ErrorCode: 512, Message: "This domain already exists." });
  }
  const returnPath = typeof body.ReturnPathDomain === "string" ? body.ReturnPathDomain : "";
  if (returnPath && !returnPath.endsWith(`.${name}`)) {
    return answer(response, 422, {
      ErrorCode: 511,
      Message: "The Return-Path domain must be a subdomain of the domain.",
    });
  }
  const domain: FakeDomain = {
    ID: nextId++,
    Name: name,
    ReturnPathDomain: returnPath,
    DKIMVerified: false,
    ReturnPathDomainVerified: false,
    key: dkimKey(),
  };
  fake.domains.set(domain.ID, domain);
  return answer(response, 200, details(domain));
}

function one(
  fake: FakePostmarkAccount,
  domain: FakeDomain,
  call: { method: string; action: string | undefined },
  response: ServerResponse,
) {
  if (call.method === "GET" && !call.action) return answer(response, 200, details(domain));
  if (call.method === "DELETE" && !call.action) {
    fake.domains.delete(domain.ID);
    return answer(response, 200, { ErrorCode: 0, Message: `Domain ${domain.Name} removed.` });
  }
  if (call.method === "PUT" && call.action === "verifydkim") {
    domain.DKIMVerified ||= fake.dns.dkim;
    return answer(response, 200, details(domain));
  }
  if (call.method === "PUT" && call.action === "verifyreturnpath") {
    domain.ReturnPathDomainVerified = Boolean(domain.ReturnPathDomain) && fake.dns.returnPath;
    return answer(response, 200, details(domain));
  }
  return answer(response, 405, { ErrorCode: 405, Message: "Method not allowed" });
}

// a TXT value as Postmark's are: a fresh 1024-bit RSA public key
function dkimKey(): string {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  return `k=rsa;p=${publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
}

const summary = (domain: FakeDomain) => ({
  Name: domain.Name,
  SPFVerified: false,
  DKIMVerified: domain.DKIMVerified,
  WeakDKIM: false,
  ReturnPathDomainVerified: domain.ReturnPathDomainVerified,
  ID: domain.ID,
});

// as Postmark answers: the key is pending until DKIM is verified, then current
function details(domain: FakeDomain) {
  const host = `20240101000000pm._domainkey.${domain.Name}`;
  const verified = domain.DKIMVerified;
  return {
    ...summary(domain),
    SPFHost: domain.Name,
    SPFTextValue: "v=spf1 a mx include:spf.mtasv.net ~all",
    DKIMHost: verified ? host : "",
    DKIMTextValue: verified ? domain.key : "",
    DKIMPendingHost: verified ? "" : host,
    DKIMPendingTextValue: verified ? "" : domain.key,
    DKIMRevokedHost: "",
    DKIMRevokedTextValue: "",
    SafeToRemoveRevokedKeyFromDNS: false,
    DKIMUpdateStatus: verified ? "Verified" : "Pending",
    ReturnPathDomain: domain.ReturnPathDomain,
    ReturnPathDomainCNAMEValue: CNAME_TARGET,
  };
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function answer(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { "Content-Type": "application/json" });
  response.end(JSON.stringify(body));
}
