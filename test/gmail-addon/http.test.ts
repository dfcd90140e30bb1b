import { describe, expect, it } from "vitest";
import { findButton, viewCard, viewResponse } from "./support/card-view";
import { click } from "./support/click";
import { summary } from "./support/scripted-api";
import { entryPoints, NOW, unitWorld } from "./support/unit-world";

const t = unitWorld();

const open = () =>
  t.world.openMessage({ subject: "[THD-42] Printer", from: "cleo@client.example", date: NOW, headers: {} });

const contextReply = { status: 200, body: { thread: summary(NOW), presence: [], candidates: [] } };

/** Opens a message against the scripted reply and reads the card; no stack trace may be on it. */
function cardFor(reply: Parameters<typeof t.api.on>[2]) {
  t.api.on("POST", "/api/v1/context", reply);
  const card = viewCard(entryPoints.onGmailMessageOpen(open()));
  expect(card.says).not.toMatch(/Error|at .*\.ts|TypeError|undefined/);
  return card;
}

describe("when Tisket does not give the card what it needs", () => {
  it("a Google account that is no member is told to ask an admin or paste a token", () => {
    const card = cardFor({
      status: 401,
      body: { error: { code: "unauthorized", message: "Missing or invalid credentials." } },
    });
    expect(card.subtitle).toBe("Tisket does not know you yet");
    expect(card.texts).toEqual([
      "ada@acme.example is not a member of a Tisket organization. Ask an admin of your Tisket to add ada@acme.example as a member, or paste an API token in Settings.",
    ]);
    expect(card.buttons.map((b) => b.text)).toEqual(["Try again", "Settings"]);
  });

  it("a refused pasted token is told to paste a new one or clear it", () => {
    t.world.userProperties.set("TISKET_TOKEN", "tsk_revoked");
    const card = cardFor({
      status: 401,
      body: { error: { code: "unauthorized", message: "Missing or invalid credentials." } },
    });
    expect(card.subtitle).toBe("Tisket did not accept your API token");
  });

  it("without any identity from Google, the card says so and nothing is sent", () => {
    t.world.identity.token = null;
    const card = cardFor(contextReply);
    expect(card.subtitle).toBe("Gmail did not say who you are");
    expect(t.world.sent).toEqual([]);
  });

  it("a person in several orgs is sent to Settings to choose one", () => {
    const message = "You are a member of several orgs; send the X-Tisket-Org header with one of: acme, beta.";
    const card = cardFor({ status: 400, body: { error: { code: "bad_request", message } } });
    expect(card.subtitle).toBe("Choose your organization");
    expect(card.texts[0]).toContain("(acme, beta)");
  });

  it.each([
    [
      { status: 503, body: { error: { code: "unavailable", message: "The database is not answering" } } },
      "Tisket is having trouble",
      "error (503)",
    ],
    [{ status: 502, body: "<html>Bad gateway</html>" }, "Tisket is having trouble", "error (502)"],
    [{ status: 429, body: {}, headers: { "retry-after": "17" } }, "Tisket is busy", "in 17 seconds"],
    [{ status: 200, body: "<html>a login page</html>" }, "Tisket's answer made no sense here", "Try again"],
    [{ status: 200, body: { thread: { ref: 42 } } }, "Tisket's answer made no sense here", "Try again"],
  ])("%j is a plain card with Try again", (reply, subtitle, says) => {
    const card = cardFor(reply);
    expect(card.subtitle).toBe(subtitle);
    expect(card.says).toContain(says);
    expect(card.buttons[0]).toMatchObject({ text: "Try again", filled: true });
  });

  it("an API that cannot be reached, or does not answer in time, is said so; Try again works once it is back", () => {
    t.api.down("Address unavailable");
    const down = cardFor(contextReply);
    expect(down.subtitle).toBe("Tisket cannot be reached");
    expect(down.texts[0]).toBe(
      "Tisket at https://tisket.example did not answer. Check your connection, or try again in a moment.",
    );
    t.api.down("Timeout");
    expect(cardFor(contextReply).texts[0]).toContain("did not answer in time");
    t.api.up();
    const retried = viewResponse(click(entryPoints, findButton(down, "Try again")));
    expect(retried.updateCard?.title).toBe("THD-42 · Open");
  });

  it("a failure inside the add-on is a plain card, its details only in the log", () => {
    const broken = t.world.openMessage({ subject: "x", from: "a@b.example", date: NOW, headers: {} });
    broken.gmail!.accessToken = "a token Gmail never issued";
    const card = viewCard(entryPoints.onGmailMessageOpen(broken));
    expect(card.subtitle).toBe("Something went wrong in the add-on");
    expect(card.says).not.toMatch(/Access denied|Error|\.ts/);
    expect(console.error).toHaveBeenCalledWith("Tisket add-on failed", {
      error: expect.stringContaining("Access denied"),
    });
  });

  it("the add-on built without an API address says who must set it", () => {
    t.world.scriptProperties.delete("TISKET_API_URL");
    const card = cardFor(contextReply);
    expect(card.subtitle).toBe("Tisket is not set up");
    expect(t.world.sent).toEqual([]);
  });
});
