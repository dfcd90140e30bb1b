import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "acorn";
import { full } from "acorn-walk";
import { describe, expect, it } from "vitest";
import { builtAddin } from "../addin-world";
import { launchEventFunctions, loadManifest } from "../manifest-xml";

async function eventFile(): Promise<string> {
  return readFile(join(await builtAddin(), "launchevent.js"), "utf8");
}

describe("the built event file", () => {
  it("parses as one ES2016 script: no import, export, async or later syntax", async () => {
    const source = await eventFile();
    expect(() => parse(source, { ecmaVersion: 2016, sourceType: "script" })).not.toThrow();
    expect(() => parse("export const x = 1;", { ecmaVersion: 2016, sourceType: "script" })).toThrow();
    expect(() => parse("async function f() {}", { ecmaVersion: 2016, sourceType: "script" })).toThrow();
  });

  it("avoids the conditional operator, which classic Outlook before Version 2403 refuses to load", async () => {
    const tree = parse(await eventFile(), { ecmaVersion: 2016, sourceType: "script" });
    const found: string[] = [];
    full(tree, (node) => {
      if (node.type === "ConditionalExpression") found.push(`ternary at ${node.start}`);
      if (
        (node.type === "FunctionDeclaration" || node.type === "FunctionExpression") &&
        "generator" in node &&
        node.generator
      ) {
        found.push(`generator at ${node.start}`);
      }
    });
    expect(found).toEqual([]);
  });

  it("associates a handler for every launch event the manifest names", async () => {
    const source = await eventFile();
    const manifest = await loadManifest("https://tisket.example");
    const names = launchEventFunctions(manifest);
    expect(names.sort()).toEqual(["onMessageRecipientsChanged", "onMessageSend", "onNewMessageCompose"]);
    const tree = parse(source, { ecmaVersion: 2016, sourceType: "script" });
    const associated: string[] = [];
    full(tree, (node) => {
      if (node.type !== "CallExpression") return;
      const callee = source.slice(node.callee.start, node.callee.end);
      const [first] = node.arguments;
      if (callee === "Office.actions.associate" && first?.type === "Literal")
        associated.push(String(first.value));
    });
    expect(associated.sort()).toEqual(names.sort());
  });
});
