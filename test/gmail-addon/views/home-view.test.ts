import { describe, expect, it } from "vitest";
import { gmailEvent } from "../support/apps-script";
import { viewCard, viewUniversal } from "../support/card-view";
import { API, summary } from "../support/scripted-api";
import { entryPoints, NOW, unitWorld } from "../support/unit-world";

const t = unitWorld();

describe("the homepage", () => {
  it("lists the agent's threads still open, each a link to the viewer, from one call", () => {
    t.api.on("GET", "/api/v1/threads", {
      status: 200,
      body: {
        threads: [
          summary(NOW, { ref: "THD-3", subject: "Late delivery", status: "in_progress" }),
          summary(NOW, { ref: "THD-2", subject: "Done already", status: "resolved" }),
          summary(NOW, { ref: "THD-1", subject: "Broken <b>lid</b>" }),
        ],
        nextCursor: null,
      },
    });
    const card = viewCard(entryPoints.onHomepage(gmailEvent()));
    expect(t.world.sent.map((r) => r.url)).toEqual([`${API}/api/v1/threads?assignee=me&limit=50`]);
    expect(card.texts).toEqual(
      expect.arrayContaining([
        "THD-3 · In progress",
        "Late delivery",
        "THD-1 · Open",
        "Broken &lt;b&gt;lid&lt;/b&gt;",
      ]),
    );
    expect(card.says).not.toContain("Done already");
    expect(card.buttons.map((b) => [b.text, b.link])).toEqual([
      ["All threads", `${API}/admin/threads`],
      ["Refresh", null],
    ]);
  });

  it("says when nothing is waiting, and Refresh from the add-on's menu rebuilds it", () => {
    t.api.on("GET", "/api/v1/threads", { status: 200, body: { threads: [], nextCursor: null } });
    expect(viewCard(entryPoints.onHomepage(gmailEvent())).texts).toContain(
      "Nothing assigned to you is open.",
    );
    const [refreshed] = viewUniversal(entryPoints.onUniversalRefresh(gmailEvent()));
    expect(refreshed?.subtitle).toBe("Your open threads");
    expect(t.world.sent).toHaveLength(2);
  });
});
