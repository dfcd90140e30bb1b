import { ACTIONS } from "../entry-points";
import { escapeHtml } from "../format";
import { button, buttons, type Card, card, paragraph, section } from "./widgets";

export const TOKEN_FIELD = "token";
export const ORG_FIELD = "org";

export type SettingsView = {
  apiUrl: string;
  gmailUser: string;
  /** The saved token's last characters, never the token. */
  tokenEnding: string | null;
  org: string | null;
  /** The OAuth client of Google's identity tokens for this add-on, for the API's GOOGLE_CLIENT_IDS. */
  googleClient: string | null;
};

/** Where the add-on signs in: Google by default, or an API token pasted here. */
export function settingsCard(view: SettingsView): Card {
  const signIn = view.tokenEnding
    ? `Signed in with an API token ending in …${escapeHtml(view.tokenEnding)}.`
    : `Signed in as ${escapeHtml(view.gmailUser || "your Google account")}.`;
  const about = section()
    .addWidget(paragraph(`${signIn} Tisket: ${escapeHtml(view.apiUrl || "not set")}`))
    .addWidget(
      CardService.newTextInput()
        .setFieldName(TOKEN_FIELD)
        .setTitle("API token")
        .setHint("Optional: a token from Tisket's Tokens page, if your Google account is not a member"),
    )
    .addWidget(
      CardService.newTextInput()
        .setFieldName(ORG_FIELD)
        .setTitle("Organization")
        .setHint("Only if you belong to several: its short name, e.g. acme")
        .setValue(view.org ?? ""),
    );
  if (view.googleClient) {
    about.addWidget(
      CardService.newDecoratedText()
        .setTopLabel("Google sign-in client (GOOGLE_CLIENT_IDS on the Tisket API)")
        .setText(escapeHtml(view.googleClient))
        .setWrapText(true),
    );
  }
  const actions = [button("Save", { action: ACTIONS.saveSettings, params: { view: "settings" } }, true)];
  if (view.tokenEnding) actions.push(button("Clear token", { action: ACTIONS.clearToken, params: {} }));
  return card("Tisket Threads", "Settings", [about.addWidget(buttons(...actions))]);
}
