import type { MemberCaller } from "../auth/caller";
import type { Deps } from "../deps";
import type { LoadedSession } from "./session/sessions";

/** What the web pages' middleware hands their routes (see `web.routes.tsx`). */
export type WebEnv = {
  Variables: {
    deps: Deps;
    /** the browser's live session, or null: set for every page by `loadSession` */
    session: LoadedSession | null;
    /** the member acting, through client `web`: set by `requireMember` */
    caller: MemberCaller;
  };
};
