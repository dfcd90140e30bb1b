import vm from "node:vm";
import { installOfficeStandIn, type StandInControl, type StandInSetup } from "../office-stand-in";

export type EventRun = {
  control: StandInControl;
  /** Requests the event file made, by URL. */
  requests: string[];
  /** Runs one associated handler and answers what it completed with. */
  fire(name: string): Promise<Office.SmartAlertsEventCompletedOptions | undefined>;
};

/**
 * The event file in a bare V8 context, as classic Outlook's JavaScript-only runtime runs it: no
 * window, no document, no modules; only Office, fetch, timers and console.
 */
export function runEventFile(script: string, setup: StandInSetup, fetchImpl: typeof fetch = fetch): EventRun {
  const requests: string[] = [];
  const context = vm.createContext({
    fetch: (url: string, init: RequestInit) => {
      requests.push(url);
      return fetchImpl(url, init);
    },
    setTimeout,
    clearTimeout,
    console,
  });
  vm.runInContext(`(${installOfficeStandIn.toString()})(${JSON.stringify(setup)});`, context);
  vm.runInContext(script, context, { filename: "launchevent.js" });
  const control = (context as { __officeStandIn: StandInControl }).__officeStandIn;
  return {
    control,
    requests,
    fire(name) {
      const handler = control.actions[name];
      if (!handler) throw new Error(`the event file associated no handler ${name}`);
      return new Promise((resolve) => handler({ completed: (options) => resolve(options as never) }));
    },
  };
}
