import { describe, expect, it } from "vitest";
import { gmailEvent } from "../support/apps-script";
import { findButton, viewCard, viewResponse, viewUniversal } from "../support/card-view";
import { click } from "../support/click";
import { API, summary } from "../support/scripted-api";
import { entryPoints, GOOGLE_TOKEN, NOW, unitWorld } from "../support/unit-world";

const t = unitWorld();

const settings = () => viewUniversal(entryPoints.onUniversalSettings(gmailEvent()))[0]!;
const accepted = { status: 200, body: { threads: [], nextCursor: null } };

describe("Settings", () => {
  it("says how the add-on signs in and where Tisket is", () => {
    const card = settings();
    expect(card.texts[0]).toBe(`Signed in as ada@acme.example. Tisket: ${API}`);
    expect(card.inputs.map((input) => input.field)).toEqual(["token", "org"]);
    expect(card.buttons.map((b) => b.text)).toEqual(["Save"]);
  });

  it("shows the OAuth client Google signs the add-on's identity for, which the API must accept", () => {
    const claims = Buffer.from(
      JSON.stringify({ aud: "987-gmail.apps.googleusercontent.com", email: "ada@acme.example" }),
    );
    t.world.identity.token = `eyJhbGciOiJSUzI1NiJ9.${claims.toString("base64url")}.signature`;
    expect(settings().texts).toEqual(
      expect.arrayContaining([
        "Google sign-in client (GOOGLE_CLIENT_IDS on the Tisket API)",
        "987-gmail.apps.googleusercontent.com",
      ]),
    );
    t.world.identity.token = "not-a-jwt";
    expect(settings().says).not.toContain("Google sign-in client");
  });

  it("keeps a pasted token once Tisket accepts it, then signs in with it as the Gmail add-on", () => {
    t.api.on("GET", "/api/v1/threads", accepted);
    const saved = viewResponse(
      click(entryPoints, findButton(settings(), "Save"), { form: { token: " Bearer tsk_abcdef123456 " } }),
    );
    expect(t.world.sent[0]).toMatchObject({
      method: "get",
      url: `${API}/api/v1/threads?limit=1`,
      headers: { Authorization: "Bearer tsk_abcdef123456", "X-Tisket-Client": "gmail" },
    });
    expect(t.world.userProperties.get("TISKET_TOKEN")).toBe("tsk_abcdef123456");
    expect(saved.notice).toBe("Token saved: Tisket accepts it.");
    expect(saved.updateCard?.texts[0]).toContain("Signed in with an API token ending in …3456.");
    expect(saved.updateCard?.says).not.toContain("tsk_abcdef123456");
    expect(saved.updateCard?.buttons.map((b) => b.text)).toEqual(["Save", "Clear token"]);
  });

  it("does not keep a token Tisket refuses, and says why", () => {
    t.api.on("GET", "/api/v1/threads", {
      status: 401,
      body: { error: { code: "unauthorized", message: "no" } },
    });
    const refused = viewResponse(
      click(entryPoints, findButton(settings(), "Save"), { form: { token: "tsk_wrong" } }),
    );
    expect(refused.notice).toMatch(/^Token not saved\. Tisket did not accept your API token/);
    expect(refused.updateCard).toBeNull();
    expect(t.world.userProperties.has("TISKET_TOKEN")).toBe(false);
  });

  it("clears the token: the add-on signs in with Google again", () => {
    t.world.userProperties.set("TISKET_TOKEN", "tsk_old");
    const cleared = viewResponse(click(entryPoints, findButton(settings(), "Clear token")));
    expect(cleared.notice).toBe("Token cleared: the add-on signs in with your Google account.");
    expect(t.world.userProperties.has("TISKET_TOKEN")).toBe(false);
    t.api.on("POST", "/api/v1/context", {
      status: 200,
      body: { thread: summary(NOW), presence: [], candidates: [] },
    });
    entryPoints.onGmailMessageOpen(
      t.world.openMessage({ subject: "[THD-42] x", from: "cleo@client.example", date: NOW, headers: {} }),
    );
    expect(t.world.sent.at(-1)?.headers.Authorization).toBe(`Bearer ${GOOGLE_TOKEN}`);
  });

  it("keeps the organization chosen, and forgets it when emptied", () => {
    viewResponse(click(entryPoints, findButton(settings(), "Save"), { form: { org: " Acme " } }));
    expect(t.world.userProperties.get("TISKET_ORG")).toBe("acme");
    expect(settings().inputs[1]?.value).toBe("acme");
    viewResponse(click(entryPoints, findButton(settings(), "Save"), { form: { org: "" } }));
    expect(t.world.userProperties.has("TISKET_ORG")).toBe(false);
    expect(t.world.sent).toEqual([]);
  });

  it("opens from a problem card over it, so Back returns there", () => {
    t.api.on("POST", "/api/v1/context", {
      status: 401,
      body: { error: { code: "unauthorized", message: "no" } },
    });
    const problem = entryPoints.onGmailMessageOpen(
      t.world.openMessage({ subject: "x", from: "cleo@client.example", date: NOW, headers: {} }),
    );
    const pushed = viewResponse(click(entryPoints, findButton(viewCard(problem), "Settings")));
    expect(pushed.pushCard?.subtitle).toBe("Settings");
  });
});
