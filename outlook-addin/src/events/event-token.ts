import { TOKEN_SETTING } from "../common/api-types";
import { withinTime } from "./api-call";

const TOKEN_TIMEOUT_MS = 3000;

/**
 * The pane's token source without its UI: nested app authentication where the event page could
 * load it, else the API token pasted into the pane. Null: nobody is signed in.
 */
export function eventToken(): Promise<string | null> {
  const pasted = Office.context.roamingSettings.get(TOKEN_SETTING);
  let fallback: string | null = null;
  if (typeof pasted === "string" && pasted !== "") fallback = pasted;
  if (typeof tisketNestedToken !== "function") return Promise.resolve(fallback);
  return withinTime(tisketNestedToken(), TOKEN_TIMEOUT_MS).then((token) => token || fallback);
}
