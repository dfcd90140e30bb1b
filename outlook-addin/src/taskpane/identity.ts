import type { IPublicClientApplication } from "@azure/msal-browser";
import { type AddinConfig, TOKEN_SETTING } from "../common/api-types";

let application: Promise<IPublicClientApplication> | null = null;

/** Nested app authentication works only where the host brokers it, and for a configured app. */
export function nestedAuthAvailable(config: AddinConfig): boolean {
  return config.clientId !== "" && Office.context.requirements.isSetSupported("NestedAppAuth", "1.1");
}

function scopes(config: AddinConfig): string[] {
  return [`api://${config.clientId}/access_as_user`];
}

// MSAL is loaded only where NAA can work: a pasted-token pane never pays for it
function nestedApplication(config: AddinConfig): Promise<IPublicClientApplication> {
  application ??= import("@azure/msal-browser").then((msal) =>
    msal.createNestablePublicClientApplication({
      auth: { clientId: config.clientId, authority: "https://login.microsoftonline.com/common" },
    }),
  );
  return application;
}

/**
 * An Entra access token for the API through the host: silently when it can; with `interactive`,
 * by the popup the docs prescribe when silence needs the user. Null when none can be had.
 */
export async function nestedToken(config: AddinConfig, interactive: boolean): Promise<string | null> {
  if (!nestedAuthAvailable(config)) return null;
  const request = { scopes: scopes(config) };
  try {
    const pca = await nestedApplication(config);
    try {
      return (await pca.acquireTokenSilent(request)).accessToken;
    } catch (error) {
      const msal = await import("@azure/msal-browser");
      if (!interactive || !(error instanceof msal.InteractionRequiredAuthError)) throw error;
      return (await pca.acquireTokenPopup(request)).accessToken;
    }
  } catch (error) {
    console.warn("Tisket: nested app authentication failed", error);
    return null;
  }
}

/** The API token pasted into the pane, kept per user in the mailbox's roaming settings. */
export function pastedToken(): string | null {
  const value = Office.context.roamingSettings.get(TOKEN_SETTING);
  return typeof value === "string" && value !== "" ? value : null;
}

function saveSettings(): Promise<void> {
  return new Promise((resolve, reject) => {
    Office.context.roamingSettings.saveAsync((result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve();
      else reject(new Error(result.error.message));
    });
  });
}

export async function savePastedToken(token: string): Promise<void> {
  Office.context.roamingSettings.set(TOKEN_SETTING, token.trim());
  await saveSettings();
}

export async function forgetPastedToken(): Promise<void> {
  Office.context.roamingSettings.remove(TOKEN_SETTING);
  await saveSettings();
}

/**
 * Which token the pane uses: Microsoft sign-in first, as the design says, then a pasted token.
 * MSAL keeps and renews its own tokens, so each call asks it again; a Microsoft token the API
 * refused is not used again until the agent signs in anew.
 */
export function createTokenSource(config: AddinConfig, nested: typeof nestedToken = nestedToken) {
  let nestedRefused = false;
  let last: "microsoft" | "pasted" | null = null;
  return {
    async token(): Promise<string | null> {
      const microsoft = nestedRefused ? null : await nested(config, false);
      const token = microsoft ?? pastedToken();
      last = microsoft ? "microsoft" : token ? "pasted" : null;
      return token;
    },
    async signInInteractively(): Promise<boolean> {
      const microsoft = await nested(config, true);
      if (microsoft) nestedRefused = false;
      return microsoft !== null;
    },
    /** The API refused the last token; true when a pasted token is left to try instead. */
    refused(): boolean {
      const fallBack = last === "microsoft" && pastedToken() !== null;
      if (last === "microsoft") nestedRefused = true;
      return fallBack;
    },
    canSignInWithMicrosoft: () => nestedAuthAvailable(config),
  };
}

export type TokenSource = ReturnType<typeof createTokenSource>;
