import type { AddinConfig } from "../common/api-types";
import { nestedToken } from "./identity";

// The event page in a browser runtime (web, new Outlook, Mac) loads this next to the ES2016 event
// file, which cannot bundle MSAL: it hands that file a silent NAA token source.
declare global {
  var tisketNestedToken: (() => Promise<string | null>) | undefined;
  var TISKET_ADDIN: AddinConfig;
}

globalThis.tisketNestedToken = () => nestedToken(globalThis.TISKET_ADDIN, false);
