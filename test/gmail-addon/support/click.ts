import { type AppsScriptWorld, gmailEvent } from "./apps-script";
import type { ButtonView } from "./card-view";

type EntryPoints = Record<string, (event: GoogleAppsScript.Addons.EventObject) => unknown>;

/**
 * What Gmail does when a button is clicked: calls the function the button's action names, with
 * its parameters and the card's fields as the user left them. A name the bundle lacks fails.
 */
export function click(
  entryPoints: EntryPoints,
  button: ButtonView,
  options: { form?: Record<string, string>; gmail?: Partial<GoogleAppsScript.Addons.GmailEventObject> } = {},
): unknown {
  if (!button.action) throw new Error(`"${button.text}" opens a link, it runs nothing`);
  const callback = entryPoints[button.action.name];
  if (typeof callback !== "function") throw new Error(`the bundle has no function ${button.action.name}`);
  return callback(
    gmailEvent(options.gmail, { parameters: button.action.parameters, form: options.form ?? {} }),
  );
}

export type { AppsScriptWorld };
