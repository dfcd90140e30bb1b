import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestApp, type TestApp } from "../helpers/app";

describe("the composition root", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t?.close());

  // Hono picks its router at the first request: a single route that RegExpRouter cannot take (a
  // parameter pattern beside static routes, say) moves every request onto the slower TrieRouter
  it("routes every request with Hono's RegExpRouter", async () => {
    expect((await t.app.request("/outlook/manifest.xml")).status).toBe(200);
    expect(t.app.router.name).toBe("SmartRouter + RegExpRouter");
  });
});
