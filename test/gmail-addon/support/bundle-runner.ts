import vm from "node:vm";
import type { AppsScriptWorld } from "./apps-script";

export type LoadedBundle = {
  /** The bundle's top-level functions, as Apps Script would find them by name. */
  entryPoints: Record<string, (event: GoogleAppsScript.Addons.EventObject) => unknown>;
  /** Every global the bundle defined, beyond the services it was given. */
  definedGlobals: string[];
};

/**
 * Runs Code.js as Apps Script's V8 would: one script in a context holding only JavaScript's own
 * globals, `console` and the Apps Script services — no fetch, no timers, no require, no URL.
 */
export function loadBundle(
  code: string,
  world: AppsScriptWorld,
  log: Console = quietConsole(),
): LoadedBundle {
  const provided = { ...world.globals, console: log };
  const context = vm.createContext({ ...provided });
  vm.runInContext(code, context, { filename: "Code.js" });
  const definedGlobals = Object.keys(context).filter((name) => !(name in provided));
  const entryPoints = Object.fromEntries(
    definedGlobals.filter((name) => typeof context[name] === "function").map((name) => [name, context[name]]),
  );
  return { entryPoints, definedGlobals };
}

function quietConsole(): Console {
  const silent = () => {};
  return { ...console, log: silent, info: silent, warn: silent, error: silent };
}
