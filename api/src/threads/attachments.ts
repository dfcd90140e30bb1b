import { parseRef } from "../../../shared/src/subject-tag";
import type { Db } from "../db/client";
import { isUuid } from "../db/ids";
import {
  type AttachmentFile,
  selectAttachmentFile,
  selectAttachmentFileById,
} from "./statements/attachments";

/** An attachment of a message in the org's thread `ref`, with its bytes; null for anything else. */
export async function findAttachmentFile(
  db: Db,
  orgId: string,
  ref: string,
  attachmentId: string,
): Promise<AttachmentFile | null> {
  const number = parseRef(ref);
  if (number === null || !isUuid(attachmentId)) return null;
  return selectAttachmentFile(db, orgId, number, attachmentId);
}

/** An attachment's bytes by its id alone: for links that carry their own proof (signed part URLs). */
export async function findAttachmentById(db: Db, attachmentId: string): Promise<AttachmentFile | null> {
  if (!isUuid(attachmentId)) return null;
  return selectAttachmentFileById(db, attachmentId);
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
