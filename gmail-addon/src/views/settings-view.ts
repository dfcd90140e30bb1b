import { checkCredentials } from "../api";
import { ORG_FIELD, settingsCard, TOKEN_FIELD } from "../cards/settings-card";
import type { Card } from "../cards/widgets";
import { type AddonEvent, formValue } from "../events";
import { identityAudience } from "../identity";
import { problemNotice } from "../problem-text";
import { apiUrl, clearToken, gmailUser, savedOrg, savedToken, saveOrg, saveToken } from "../settings";
import type { Outcome } from "./outcome";

const TOKEN_ENDING = 4;

export function settingsCardNow(): Card {
  const token = savedToken();
  return settingsCard({
    apiUrl: apiUrl(),
    gmailUser: gmailUser(),
    tokenEnding: token ? token.slice(-TOKEN_ENDING) : null,
    org: savedOrg(),
    googleClient: identityAudience(),
  });
}

/**
 * Saves the organization, and a pasted token once Tisket accepts it: a token that does not work
 * is not kept, so the add-on never signs in worse than before.
 */
export function saveSettingsAction(event: AddonEvent): Outcome {
  saveOrg(formValue(event, ORG_FIELD));
  const token = formValue(event, TOKEN_FIELD).replace(/^Bearer\s+/i, "");
  if (!token) return { card: settingsCardNow(), notice: "Settings saved." };
  const check = checkCredentials({ via: "token", token });
  if (!check.ok) return { notice: `Token not saved. ${problemNotice(check.problem)}` };
  saveToken(token);
  return { card: settingsCardNow(), notice: "Token saved: Tisket accepts it.", changed: true };
}

export function clearTokenAction(_event: AddonEvent): Outcome {
  clearToken();
  return {
    card: settingsCardNow(),
    notice: "Token cleared: the add-on signs in with your Google account.",
    changed: true,
  };
}
