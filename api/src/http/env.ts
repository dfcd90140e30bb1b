import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Caller } from "../auth/caller";
import type { Deps } from "../deps";

export type AppEnv = {
  Variables: {
    deps: Deps;
    caller: Caller;
  };
};

export type AppRouter = OpenAPIHono<AppEnv>;
