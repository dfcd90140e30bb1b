import { authenticate } from "../auth/middleware";
import { bearerSecurity } from "../http/openapi";

/** What every admin route shares: a bearer caller, checked before the input is. */
export const adminRoute = { middleware: [authenticate], security: bearerSecurity, tags: ["admin"] };
