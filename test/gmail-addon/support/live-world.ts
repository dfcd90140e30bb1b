import { makeSigningKey, type SigningKey, signToken } from "../../api/auth/fake-identity-provider";
import { inboundPayload } from "../../helpers/postmark-payloads";
import { type ApiServer, OPERATOR, startApiServer } from "./api-server";
import { appsScriptWorld } from "./apps-script";
import { loadBundle } from "./bundle-runner";
import { syncHttp } from "./sync-http";

export const GOOGLE_CLIENT_ID = "1234-tisket-gmail.apps.googleusercontent.com";

/** The real API in its own process, Google's keys for it, and org `acme` with Ada (admin) and Bob. */
export async function startLiveApi(options: { rateLimitPerMinute?: number } = {}) {
  const key = await makeSigningKey("google-test-key");
  const api = await startApiServer({
    googleClientId: GOOGLE_CLIENT_ID,
    googleJwk: key.publicJwk,
    ...options,
  });
  const bobToken = await seedAcme(api);
  return { api, key, bobToken };
}

async function seedAcme(api: ApiServer): Promise<string> {
  const expectCreated = async (path: string, body: unknown) => {
    const reply = await api.call<{ token?: string }>("POST", path, OPERATOR, body);
    if (reply.status !== 201) throw new Error(`POST ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  await expectCreated("/orgs", { slug: "acme", name: "Acme" });
  await expectCreated("/orgs/acme/inboxes", { name: "support" });
  await expectCreated("/orgs/acme/members", { email: "ada@acme.example", name: "Ada Admin", role: "admin" });
  await expectCreated("/orgs/acme/members", {
    email: "bob@acme.example",
    name: "Bob Builder",
    role: "agent",
  });
  const { token } = await expectCreated("/orgs/acme/tokens", { email: "bob@acme.example" });
  return token!;
}

let delivered = 0;

/**
 * A new client's first email delivered by Postmark to the support inbox and filed by the
 * pipeline: each test's own thread. Answers the thread's ref and what Gmail shows of the email.
 */
export async function newClientThread(api: ApiServer, bobToken: string, subject: string) {
  delivered += 1;
  const client = `client-${delivered}-${process.pid}@client.example`;
  const messageId = `<m${delivered}.${process.pid}@mail.client.example>`;
  await api.deliver(
    inboundPayload({ from: `Cleo Client <${client}>`, to: ["support.acme@tisket.test"], subject, messageId }),
  );
  const found = await api.call<{ threads: { ref: string }[] }>(
    "GET",
    `/threads?q=${encodeURIComponent(client)}`,
    bobToken,
  );
  const ref = found.body.threads[0]?.ref;
  if (!ref) throw new Error(`the email from ${client} was not filed`);
  const email = { subject, from: `Cleo Client <${client}>`, headers: { "Message-ID": messageId } };
  return { ref, client, email };
}

/** Google's ID token for a Gmail user, as `ScriptApp.getIdentityToken()` returns it. */
export function googleIdentity(key: SigningKey, email: string): Promise<string> {
  return signToken(
    key,
    {
      iss: "https://accounts.google.com",
      aud: GOOGLE_CLIENT_ID,
      sub: `sub-${email}`,
      email,
      email_verified: true,
    },
    { now: new Date() },
  );
}

/**
 * One Gmail user's add-on: the built Code.js run in `node:vm` on the Apps Script fakes, its
 * UrlFetchApp making real, blocking HTTP requests to `apiUrl`.
 */
export function addonFor(
  code: string,
  options: { apiUrl: string; gmailUser: string; identityToken: string | null; timeoutMs?: number },
) {
  const http = syncHttp({ timeoutMs: options.timeoutMs ?? 10_000 });
  const world = appsScriptWorld({ transport: http.transport, ...options });
  const { entryPoints } = loadBundle(code, world);
  return { world, entryPoints, close: http.close };
}
