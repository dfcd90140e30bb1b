import { Hono } from "hono";
import { notFound } from "../../errors";
import {
  contentDisposition,
  downloadContentType,
  findAttachmentById,
  findAttachmentFile,
} from "../../threads/attachments";
import { findMessageBody } from "../../threads/thread-message";
import { webSecret } from "../http/csrf";
import { ownOrigins } from "../http/same-origin";
import { bodyDocumentHeaders } from "../http/security-headers";
import { requireMember } from "../session/session-middleware";
import type { WebEnv } from "../web-env";
import { bodyDocument, sanitizeMessageHtml } from "./message-body";
import { partUrlValid, signedPartUrl } from "./part-links";

// inline parts are shown only as images a browser draws itself; never SVG, which is a document
const INLINE_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"]);

/** A file's bytes, never rendered as a page of ours: sandboxed, typed only as stored, not sniffed. */
function fileHeaders(contentType: string, length: number): Record<string, string> {
  return {
    "Content-Type": contentType,
    "Content-Length": String(length),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
}

export function messageFileRoutes() {
  const router = new Hono<WebEnv>();

  // one message's body as a document of its own, for the sandboxed frame of the thread page
  router.get("/threads/:ref/messages/:id/body", requireMember, async (c) => {
    const { db, config, clock } = c.get("deps");
    const { org } = c.get("caller");
    const body = await findMessageBody(db, org.id, c.req.param("ref"), c.req.param("id"));
    if (!body) throw notFound("message");
    const remoteImages = c.req.query("images") === "1";
    const now = clock.now();
    const secret = webSecret(config);
    const parts = new Map(body.inlineParts.map((part) => [part.contentId, part]));
    const sanitized = sanitizeMessageHtml(body.html, {
      remoteImages,
      partUrl: (contentId) => {
        const part = parts.get(contentId);
        return part ? signedPartUrl(secret, part.id, now) : null;
      },
    });
    // the parts' URLs are relative: they come from wherever the page was opened
    const origins = ownOrigins(c).join(" ");
    return c.body(bodyDocument(sanitized, body.text), 200, bodyDocumentHeaders(origins, remoteImages));
  });

  router.get("/threads/:ref/attachments/:id", requireMember, async (c) => {
    const { org } = c.get("caller");
    const file = await findAttachmentFile(c.get("deps").db, org.id, c.req.param("ref"), c.req.param("id"));
    if (!file) throw notFound("attachment");
    return c.body(new Uint8Array(file.content), 200, {
      ...fileHeaders(downloadContentType(file.contentType), file.content.byteLength),
      "Content-Disposition": contentDisposition(file.filename),
      "Cache-Control": "private, no-store",
    });
  });

  // an inline image of a body: the signed URL is the permission (see part-links.ts)
  router.get("/parts/:id", async (c) => {
    const { db, config, clock } = c.get("deps");
    const id = c.req.param("id");
    const query = { e: c.req.query("e"), s: c.req.query("s") };
    if (!partUrlValid(webSecret(config), id, query, clock.now())) throw notFound("image");
    const file = await findAttachmentById(db, id);
    const type = file ? downloadContentType(file.contentType) : "";
    if (!file || !INLINE_IMAGE_TYPES.has(type)) throw notFound("image");
    return c.body(new Uint8Array(file.content), 200, {
      ...fileHeaders(type, file.content.byteLength),
      "Content-Disposition": "inline",
      "Cache-Control": "private, max-age=3600",
    });
  });

  return router;
}
