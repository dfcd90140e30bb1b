import { describe, expect, it } from "vitest";
import { editedTags } from "../../../api/src/threads/tags";

describe("editedTags", () => {
  it("replaces, adds and removes, lowercased and each once", () => {
    expect(editedTags(["billing"], { addTags: [" VIP ", "billing"] })).toEqual(["billing", "vip"]);
    expect(editedTags(["billing", "vip"], { removeTags: ["VIP"] })).toEqual(["billing"]);
    expect(editedTags(["billing"], { tags: ["Refund", "refund"] })).toEqual(["refund"]);
  });

  it("refuses what the route's schema refuses, for callers without it", () => {
    expect(() => editedTags([], { addTags: ["Two Words"] })).toThrow("addTags.0:");
    expect(() => editedTags([], { tags: ["x".repeat(41)] })).toThrow("tags.0:");
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(() => editedTags(twenty, { addTags: ["one-more"] })).toThrow("tags: a thread has at most 20 tags");
  });
});
