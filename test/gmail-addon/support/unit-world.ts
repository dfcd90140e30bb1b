import { afterEach, beforeEach, vi } from "vitest";
import * as entryPoints from "../../../gmail-addon/src/index";
import { type AppsScriptWorld, appsScriptWorld, installGlobals } from "./apps-script";
import { API, scriptedApi } from "./scripted-api";

export const NOW = new Date("2030-03-01T12:00:00Z");
export const GOOGLE_TOKEN = "google-identity-token";

/**
 * Each test: a Gmail user (ada@acme.example) whose add-on talks to a scripted API at `API`,
 * signed in with Google's identity token, on a clock fixed at NOW.
 */
export function unitWorld() {
  const state = {} as { world: AppsScriptWorld; api: ReturnType<typeof scriptedApi> };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    state.api = scriptedApi();
    state.world = appsScriptWorld({
      transport: state.api.transport,
      apiUrl: API,
      gmailUser: "ada@acme.example",
      identityToken: GOOGLE_TOKEN,
    });
    installGlobals(state.world);
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  return state;
}

export { entryPoints };
