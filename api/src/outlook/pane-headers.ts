/**
 * Where Outlook frames the pane: Outlook on the web and new Outlook, as Microsoft lists the
 * frame-ancestors of Outlook and of the cloud.microsoft hosts it is moving to
 * (https://learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements).
 * Desktop Outlook shows the pane in its own web view, with no ancestor to allow.
 */
export const OUTLOOK_FRAME_ANCESTORS = [
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook.live.com",
  "https://outlook-sdf.office.com",
  "https://outlook-sdf.office365.com",
  "https://*.cloud.microsoft",
];

/** Office.js and the files it loads come from Microsoft's CDN, which the docs say to load it from. */
const OFFICE_CDN = "https://appsforoffice.microsoft.com";
// Office.js frames its telemetry proxy from here (seen when loading it in Chromium)
const OFFICE_TELEMETRY = "https://telemetryservice.firstpartyapps.oaspapps.com";

/** The headers of the add-in's pages: framable by Outlook, scripts only from us and Office's CDN. */
export function paneHeaders(): Record<string, string> {
  const policy = [
    "default-src 'none'",
    `script-src 'self' ${OFFICE_CDN}`,
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${OFFICE_CDN}`,
    `frame-src ${OFFICE_TELEMETRY}`,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self' ${OUTLOOK_FRAME_ANCESTORS.join(" ")}`,
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-cache",
  };
}

/** Scripts, styles and icons: never sniffed, revalidated so a new build reaches every client. */
export function assetHeaders(contentType: string): Record<string, string> {
  return { "Content-Type": contentType, "X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache" };
}
