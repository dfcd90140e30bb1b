import type { Context } from "hono";
import { z } from "zod";
import type { WebEnv } from "../web-env";
import { clearCookie, readCookie, writeCookie } from "./cookies";

/** A message at the top of a page: after a change ("Saved"), or why something did not happen. */
export type Notice = { kind: "success" | "info" | "error"; text: string };

const noticeSchema = z.object({ kind: z.enum(["success", "info", "error"]), text: z.string().max(500) });

/** Keeps a notice for the next page this browser opens (the one a POST redirects to). */
export function flash(c: Context<WebEnv>, notice: Notice): void {
  const value = Buffer.from(JSON.stringify(notice)).toString("base64url");
  writeCookie(c, "flash", value, c.get("deps").config);
}

/** The notice kept for this page, once: it is cleared as it is read. */
export function takeFlash(c: Context<WebEnv>): Notice | null {
  const value = readCookie(c, "flash");
  if (!value) return null;
  clearCookie(c, "flash", c.get("deps").config);
  try {
    const parsed = noticeSchema.safeParse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
