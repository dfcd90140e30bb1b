import type { AddinConfig } from "../common/api-types";
import { startComposePane } from "./compose-pane";
import { isCompose } from "./mailbox";
import { createShell } from "./pane-shell";
import { startReadPane } from "./read-pane";

/** The API writes the deployment's settings into the page it serves. */
function readConfig(): AddinConfig {
  const meta = document.querySelector('meta[name="tisket-config"]');
  return JSON.parse(meta?.getAttribute("content") ?? "{}") as AddinConfig;
}

Office.onReady(() => {
  const shell = createShell(readConfig(), document.getElementById("app")!);
  const item = Office.context.mailbox.item as Office.MessageRead | Office.MessageCompose | null;
  if (item && isCompose(item)) startComposePane(shell);
  else startReadPane(shell);
});
