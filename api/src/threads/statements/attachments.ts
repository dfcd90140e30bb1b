import { and, eq, isNotNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { type Attachment, attachmentBlobs, attachments, messages, threads } from "../../db/schema";
import { selectColumns } from "../../db/select-columns";
import { defineStatement, runStatement } from "../../db/statement";

export type AttachmentFile = { filename: string; contentType: string; content: Buffer };

const fileColumns = {
  filename: attachments.filename,
  contentType: attachments.contentType,
  content: attachmentBlobs.content,
};

/** An attachment of a message in the org's thread numbered `threadNumber`, with its bytes; or null. */
export async function selectAttachmentFile(
  db: Db,
  orgId: string,
  threadNumber: number,
  attachmentId: string,
): Promise<AttachmentFile | null> {
  const [file] = await db
    .select(fileColumns)
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
        eq(threads.number, threadNumber),
      ),
    )
    .limit(1);
  return file ?? null;
}

/** An attachment with its bytes by its id alone, or null. */
export async function selectAttachmentFileById(db: Db, attachmentId: string): Promise<AttachmentFile | null> {
  const [file] = await db
    .select(fileColumns)
    .from(attachments)
    .innerJoin(
      attachmentBlobs,
      and(eq(attachmentBlobs.orgId, attachments.orgId), eq(attachmentBlobs.sha256, attachments.sha256)),
    )
    .where(eq(attachments.id, attachmentId))
    .limit(1);
  return file ?? null;
}

export type AttachmentViewRow = Pick<
  Attachment,
  "id" | "messageId" | "filename" | "contentType" | "size" | "inline"
>;

const attachmentViewsStatement = defineStatement<{ messageIds: string }, AttachmentViewRow>(
  (p) => sql`select ${selectColumns({
    id: attachments.id,
    messageId: attachments.messageId,
    filename: attachments.filename,
    contentType: attachments.contentType,
    size: attachments.size,
    inline: attachments.inline,
  })}
    from ${attachments}
    where ${attachments.messageId} in (select jsonb_array_elements_text(${p.messageIds}::jsonb)::uuid)
    order by ${attachments.filename}, ${attachments.id}`,
);

/** The attachments of the messages, by filename. */
export function selectAttachmentViews(db: Db, messageIds: string[]): Promise<AttachmentViewRow[]> {
  return runStatement(db, attachmentViewsStatement, { messageIds: JSON.stringify(messageIds) });
}

/** The message's parts that its HTML can show inline: those with a Content-ID. */
export function selectInlineParts(
  db: Db,
  messageId: string,
): Promise<Pick<Attachment, "id" | "contentId" | "contentType">[]> {
  return db
    .select({ id: attachments.id, contentId: attachments.contentId, contentType: attachments.contentType })
    .from(attachments)
    .where(and(eq(attachments.messageId, messageId), isNotNull(attachments.contentId)));
}
