import { headerValue } from "../common/mail-headers";

/** What the pane reads of the open message to find its thread. */
export type OpenMessage = {
  subject: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string | null;
  from: string | null;
  /** When the mailbox got it: a thread with later mail has news the agent hasn't opened. */
  receivedAt: Date | null;
};

function allHeaders(item: Office.MessageRead): Promise<string | null> {
  // getAllInternetHeadersAsync came with Mailbox 1.8; without it the tag and Message-ID still match
  if (!Office.context.requirements.isSetSupported("Mailbox", "1.8")) return Promise.resolve(null);
  return new Promise((resolve) => {
    item.getAllInternetHeadersAsync((result) => {
      resolve(result.status === Office.AsyncResultStatus.Succeeded ? result.value : null);
    });
  });
}

/** The open message in read mode. */
export async function readOpenMessage(item: Office.MessageRead): Promise<OpenMessage> {
  const headers = await allHeaders(item);
  const from = item.from ? item.from.emailAddress : null;
  return {
    subject: item.subject ?? "",
    messageId: item.internetMessageId || (headers ? headerValue(headers, "Message-ID") : null),
    inReplyTo: headers ? headerValue(headers, "In-Reply-To") : null,
    references: headers ? headerValue(headers, "References") : null,
    from: from || null,
    receivedAt: item.dateTimeCreated ? new Date(item.dateTimeCreated) : null,
  };
}

/** Whether the open item is being written (compose) rather than read. */
export function isCompose(item: Office.MessageRead | Office.MessageCompose): item is Office.MessageCompose {
  return typeof (item.subject as unknown as { getAsync?: unknown }).getAsync === "function";
}
