import { expect, it } from "vitest";
import { makeTestApp } from "../helpers/app";

// Hono picks its router at the first request: a single route that RegExpRouter cannot take (a
// parameter pattern beside static routes, say) moves every request onto the slower TrieRouter
it("routes every request of the API with Hono's RegExpRouter", async () => {
  const t = await makeTestApp();
  try {
    expect((await t.app.request("/outlook/manifest.xml")).status).toBe(200);
    expect(t.app.router.name).toBe("SmartRouter + RegExpRouter");
  } finally {
    await t.close();
  }
});
