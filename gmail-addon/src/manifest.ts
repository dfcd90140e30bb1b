import { TRIGGERS } from "./entry-points";

/** The least scopes that work; each line says what needs it. */
export const OAUTH_SCOPES = [
  // run as a Gmail add-on at all
  "https://www.googleapis.com/auth/gmail.addons.execute",
  // the open message's subject and headers (and a draft's recipients), not its body
  "https://www.googleapis.com/auth/gmail.addons.current.message.metadata",
  // every add-on with a compose trigger; lets a button change the draft's subject
  "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
  // UrlFetchApp, to reach the Tisket API
  "https://www.googleapis.com/auth/script.external_request",
  // PropertiesService: the pasted API token and the API's address
  "https://www.googleapis.com/auth/script.storage",
  // ScriptApp.getIdentityToken(), with the member's verified address in it
  "openid",
  "https://www.googleapis.com/auth/userinfo.email",
] as const;

// a Material icon Google serves, as Google's own add-on samples use; PNG, since cards show no SVG
export const DEFAULT_LOGO_URL =
  "https://www.gstatic.com/images/icons/material/system/1x/email_black_48dp.png";

export type ManifestOptions = {
  publicUrl: string;
  logoUrl?: string | undefined;
  /** Where else cards may link: ticket hosts, e.g. `https://github.com/acme/` (https, with a path). */
  linkPrefixes?: readonly string[] | undefined;
};

/** `https://api.example.com/` — Apps Script wants an allowlist prefix with a path. */
export function urlPrefix(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/`;
}

/** What cards may open: the Tisket API's pages, and the ticket hosts named. */
export function linkPrefixesOf(options: ManifestOptions): string[] {
  return [...new Set([urlPrefix(options.publicUrl), ...(options.linkPrefixes ?? [])])];
}

/** `appsscript.json`: a Workspace add-on for Gmail, allowed to reach only the Tisket API. */
export function buildManifest(options: ManifestOptions) {
  const prefix = urlPrefix(options.publicUrl);
  return {
    timeZone: "Etc/UTC",
    runtimeVersion: "V8",
    exceptionLogging: "STACKDRIVER",
    oauthScopes: [...OAUTH_SCOPES],
    urlFetchWhitelist: [prefix],
    addOns: {
      common: {
        name: "Tisket Threads",
        logoUrl: options.logoUrl ?? DEFAULT_LOGO_URL,
        layoutProperties: { primaryColor: "#1a73e8" },
        homepageTrigger: { runFunction: TRIGGERS.homepage, enabled: true },
        universalActions: [
          { label: "Refresh", runFunction: TRIGGERS.universalRefresh },
          { label: "Settings", runFunction: TRIGGERS.universalSettings },
        ],
        openLinkUrlPrefixes: linkPrefixesOf(options),
      },
      gmail: {
        contextualTriggers: [{ unconditional: {}, onTriggerFunction: TRIGGERS.messageOpen }],
        composeTrigger: {
          selectActions: [{ text: "Tag with a Tisket thread", runFunction: TRIGGERS.compose }],
          draftAccess: "METADATA",
        },
      },
    },
  };
}
