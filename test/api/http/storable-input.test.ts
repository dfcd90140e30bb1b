import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer } from "../../helpers/app";
import { testDrivers } from "../../helpers/databases";
import { makeMember } from "../../helpers/factories";
import { type InboundWorld, inboundWorld } from "../inbound/inbound-setup";

describe.each(testDrivers)("hostile text on the staff API, on %s", (driver) => {
  let world: InboundWorld;
  let token: string;
  beforeAll(async () => {
    world = await inboundWorld(driver);
    token = (await makeMember(world.db, world.org, { role: "admin" })).token;
  });
  afterAll(() => world?.close());

  const get = (path: string) => world.app.request(path, { headers: bearer(token) });

  it.each([
    ["/api/v1/threads?q=%00", /q: text may not contain NUL/],
    ["/api/v1/threads?q=%ED%A0%80", null],
    ["/api/v1/threads?status=open&inbox=sup%00port", /inbox: text may not contain NUL/],
    ["/api/v1/threads/THD-1%00", /path: text may not contain NUL/],
  ])("answers %s with a 400, never a 500", async (path, message) => {
    const response = await get(path);
    // %ED%A0%80 is a surrogate encoded as UTF-8: not UTF-8 at all, decoded as U+FFFD, a harmless search
    if (message === null) {
      expect(response.status).toBe(200);
      return;
    }
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it("answers a JSON body with NUL or a lone surrogate with a 400 naming the field", async () => {
    const post = (body: string) =>
      world.app.request("/api/v1/threads", { method: "POST", headers: bearer(token), body });
    const nul = await post('{"inbox":"support","clientEmail":"c@client.example","subject":"a\\u0000b"}');
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as { error: { message: string } }).error.message).toBe(
      "subject: text may not contain NUL (U+0000)",
    );
    const lone = await post('{"inbox":"support","clientEmail":"c@client.example","subject":"\\ud800"}');
    expect(lone.status).toBe(400);
    expect(((await lone.json()) as { error: { message: string } }).error.message).toMatch(
      /subject: .*surrogate/,
    );
  });
});
