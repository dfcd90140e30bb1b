import type { Browser, Page } from "playwright-core";
import { installOfficeStandIn, type StandInControl, type StandInSetup } from "../office-stand-in";

declare global {
  var __officeStandIn: StandInControl;
  var __streams: { opened: number; closed: number };
}

// counts EventSource streams the pane opens and closes: at most one may be open at a time
function countStreams(): void {
  const Native = globalThis.EventSource;
  globalThis.__streams = { opened: 0, closed: 0 };
  globalThis.EventSource = class extends Native {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, init);
      globalThis.__streams.opened += 1;
    }
    override close(): void {
      if (this.readyState !== Native.CLOSED) globalThis.__streams.closed += 1;
      super.close();
    }
  } as typeof EventSource;
}

/**
 * The built pane, served by the real API, in a browser page of its own with the scripted Office
 * stand-in in place of Office.js (whose CDN this machine cannot reach, and which outside Outlook
 * has no mailbox).
 */
export async function openPane(
  browser: Browser,
  apiUrl: string,
  setup: StandInSetup,
  beforeLoad: (page: Page) => Promise<void> = async () => {},
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 360, height: 720 } });
  const page = await context.newPage();
  await page.route("https://appsforoffice.microsoft.com/**", (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/javascript",
      body: "/* Office.js stand-in is installed */",
    }),
  );
  await page.addInitScript(installOfficeStandIn, setup);
  await page.addInitScript(countStreams);
  page.on("pageerror", (error) => console.error("pane error:", error.message));
  await beforeLoad(page);
  await page.goto(`${apiUrl}/outlook/taskpane.html`);
  return page;
}

export function standIn<T>(page: Page, read: (control: StandInControl) => T): Promise<T> {
  return page.evaluate(`(${read.toString()})(globalThis.__officeStandIn)`) as Promise<T>;
}
