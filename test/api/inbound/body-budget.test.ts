import { describe, expect, it } from "vitest";
import { bodyBudget } from "../../../api/src/inbound/body-budget";

describe("the webhook's budget for large bodies", () => {
  it("admits bodies while they fit, then in order of arrival as room is released", async () => {
    const budget = bodyBudget(100);
    const first = await budget.reserve(60, 1000);
    const second = budget.reserve(60, 1000);
    const third = budget.reserve(10, 1000);
    const order: string[] = [];
    void second.then(() => order.push("second"));
    void third.then(() => order.push("third"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // the small body fits, but does not overtake the large one waiting before it
    expect(order).toEqual([]);
    first!();
    expect(typeof (await second)).toBe("function");
    expect(typeof (await third)).toBe("function");
    expect(order).toEqual(["second", "third"]);
  });

  it("answers null to a body that found no room in time, and lets the next one in", async () => {
    const budget = bodyBudget(100);
    const held = await budget.reserve(100, 1000);
    expect(await budget.reserve(50, 30)).toBeNull();
    held!();
    expect(typeof (await budget.reserve(50, 30))).toBe("function");
  });

  it("admits a body larger than the whole budget once it is alone", async () => {
    const budget = bodyBudget(100);
    const small = await budget.reserve(10, 1000);
    const huge = budget.reserve(500, 1000);
    small!();
    const release = await huge;
    expect(typeof release).toBe("function");
    release!();
    release!();
    // releasing twice frees its bytes once
    const a = await budget.reserve(100, 10);
    expect(await budget.reserve(1, 10)).toBeNull();
    a!();
  });
});
