import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from "jose";

export type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

/** An RSA signing key as Google and Microsoft use them (RS256), with its public JWK. */
export async function makeSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  return { kid, privateKey, publicJwk };
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A signed JWT issued at `now`, valid for an hour unless the claims say otherwise. */
export function signToken(
  key: SigningKey,
  claims: JWTPayload,
  options: { now: Date; kid?: string },
): Promise<string> {
  const iat = seconds(options.now);
  return new SignJWT({ iat, exp: iat + 3600, ...claims })
    .setProtectedHeader({ alg: "RS256", kid: options.kid ?? key.kid, typ: "JWT" })
    .sign(key.privateKey);
}

/** Local JWKS endpoints on 127.0.0.1, one per path, whose keys a test can rotate. */
export type JwksServer = {
  url(path: string): string;
  publish(path: string, keys: SigningKey[]): void;
  fetchCount(path: string): number;
  close(): Promise<void>;
};

export async function startJwksServer(): Promise<JwksServer> {
  const keySets = new Map<string, JWK[]>();
  const fetches = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? "/";
    fetches.set(path, (fetches.get(path) ?? 0) + 1);
    const keys = keySets.get(path);
    if (!keys) {
      response.writeHead(500).end("no key set here");
      return;
    }
    response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    publish: (path, keys) =>
      keySets.set(
        path,
        keys.map((key) => key.publicJwk),
      ),
    fetchCount: (path) => fetches.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
