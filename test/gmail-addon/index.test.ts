import { describe, expect, it } from "vitest";
import { ENTRY_POINTS } from "../../gmail-addon/src/entry-points";
import * as entryPoints from "../../gmail-addon/src/index";

describe("src/index.ts", () => {
  it("exposes exactly the functions Gmail calls by name, and nothing else", () => {
    expect(Object.keys(entryPoints).sort()).toEqual([...ENTRY_POINTS].sort());
    for (const name of ENTRY_POINTS)
      expect(typeof (entryPoints as Record<string, unknown>)[name]).toBe("function");
  });
});
