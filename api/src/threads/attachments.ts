import { and, eq } from "drizzle-orm";
import { parseRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import { attachmentBlobs, attachments, messages, threads } from "../db/schema";

export type AttachmentFile = { filename: string; contentType: string; content: Buffer };

/** An attachment of a message in the org's thread `ref`, with its bytes; null for anything else. */
export async function findAttachmentFile(
  db: Db,
  orgId: string,
  ref: string,
  attachmentId: string,
): Promise<AttachmentFile | null> {
  const number = parseRef(ref);
  if (number === null || !isUuid(attachmentId)) return null;
  const [file] = await db
    .select({
      filename: attachments.filename,
      contentType: attachments.contentType,
      content: attachmentBlobs.content,
    })
    .from(attachments)
    .innerJoin(messages, eq(messages.id, attachments.messageId))
    .innerJoin(threads, eq(threads.id, messages.threadId))
    .innerJoin(
      attachmentBlobs,
      and(eq(attachmentBlobs.orgId, attachments.orgId), eq(attachmentBlobs.sha256, attachments.sha256)),
    )
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.orgId, orgId),
        eq(threads.orgId, orgId),
        eq(threads.number, number),
      ),
    )
    .limit(1);
  return file ?? null;
}

/** An attachment's bytes by its id alone: for links that carry their own proof (signed part URLs). */
export async function findAttachmentById(db: Db, attachmentId: string): Promise<AttachmentFile | null> {
  if (!isUuid(attachmentId)) return null;
  const [file] = await db
    .select({
      filename: attachments.filename,
      contentType: attachments.contentType,
      content: attachmentBlobs.content,
    })
    .from(attachments)
    .innerJoin(
      attachmentBlobs,
      and(eq(attachmentBlobs.orgId, attachments.orgId), eq(attachmentBlobs.sha256, attachments.sha256)),
    )
    .where(eq(attachments.id, attachmentId))
    .limit(1);
  return file ?? null;
}

const MEDIA_TYPE_PATTERN = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

/** The stored type when it is a plain `type/subtype`; mail can carry anything in that header. */
export function downloadContentType(contentType: string): string {
  const essence = contentType.split(";")[0]?.trim() ?? "";
  return MEDIA_TYPE_PATTERN.test(essence) ? essence.toLowerCase() : "application/octet-stream";
}

/** `attachment` with an ASCII fallback name for old clients and the exact name in RFC 5987 form. */
export function contentDisposition(filename: string): string {
  const name = filename.trim() || "attachment";
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
