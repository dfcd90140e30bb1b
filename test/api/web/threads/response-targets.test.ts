import { describe, expect, it } from "vitest";
import {
  responseTargets,
  roughDuration,
  targetAttention,
} from "../../../../api/src/web/threads/response-targets";

const now = new Date("2026-03-02T12:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

type Facts = Parameters<typeof responseTargets>[0];
function thread(
  facts: Partial<Omit<Facts, "sla">> & { firstDue?: number; resolutionDue?: number; breached?: boolean },
): Facts {
  return {
    status: facts.status ?? "open",
    firstResponseAt: facts.firstResponseAt ?? null,
    resolvedAt: facts.resolvedAt ?? null,
    sla: {
      firstResponseDueAt: facts.firstDue === undefined ? null : at(facts.firstDue),
      resolutionDueAt: facts.resolutionDue === undefined ? null : at(facts.resolutionDue),
      breached: facts.breached ?? false,
    },
  };
}
const texts = (facts: Facts) => responseTargets(facts, now).map((target) => target.text);

describe("response targets in words", () => {
  it("rounds a distance as a person says it", () => {
    expect(roughDuration(20_000)).toBe("1 min");
    expect(roughDuration(20 * 60_000)).toBe("20 min");
    expect(roughDuration(89 * 60_000)).toBe("89 min");
    expect(roughDuration(-2 * 3600_000)).toBe("2 h");
    expect(roughDuration(47 * 3600_000)).toBe("47 h");
    expect(roughDuration(3 * 24 * 3600_000)).toBe("3 d");
  });

  it("says what is due and what is overdue while the thread is being worked on", () => {
    expect(texts(thread({ firstDue: 20, resolutionDue: 3 * 24 * 60 }))).toEqual([
      "First reply due in 20 min",
      "Resolution due in 3 d",
    ]);
    expect(texts(thread({ status: "in_progress", firstDue: -120, resolutionDue: -30 }))).toEqual([
      "First reply overdue by 2 h",
      "Resolution overdue by 30 min",
    ]);
  });

  it("says whether a settled target was met, and leaves out a first reply nobody waits for any more", () => {
    expect(texts(thread({ firstDue: -60, firstResponseAt: at(-90), resolutionDue: 60 }))).toEqual([
      "First reply sent within target",
      "Resolution due in 60 min",
    ]);
    expect(
      texts(thread({ status: "resolved", firstDue: -300, resolutionDue: -240, resolvedAt: at(-120) })),
    ).toEqual(["Resolved 2 h late"]);
    expect(texts(thread({}))).toEqual([]);
  });

  it("marks a breached thread, one due within the hour, and nothing else", () => {
    expect(targetAttention(thread({ firstDue: -5, breached: true }), now)).toBe("breached");
    expect(targetAttention(thread({ firstDue: 45 }), now)).toBe("due");
    expect(targetAttention(thread({ firstDue: 61 }), now)).toBeNull();
    expect(
      targetAttention(thread({ firstDue: 10, firstResponseAt: at(-1), resolutionDue: 600 }), now),
    ).toBeNull();
    expect(targetAttention(thread({ status: "closed", resolutionDue: 10 }), now)).toBeNull();
  });
});
