/** What the pane inserts into a draft: the same reply as plain text and as escaped HTML. */
export type Insertable = { body: string; html: string };

/** Outlook refuses longer data: DataExceedsMaximumSize. */
export const MAX_INSERT_CHARACTERS = 1_000_000;

type Format = "html" | "text";

// getTypeAsync is missing in compose on Outlook mobile; text goes into either kind of body
function bodyFormat(item: Office.MessageCompose): Promise<Format> {
  return new Promise((resolve) => {
    try {
      item.body.getTypeAsync((result) => {
        const html =
          result.status === Office.AsyncResultStatus.Succeeded && result.value === Office.CoercionType.Html;
        resolve(html ? "html" : "text");
      });
    } catch {
      resolve("text");
    }
  });
}

/**
 * Puts a reply into the draft at the cursor (or over the selection), as HTML in an HTML body and as
 * text in a plain one. The HTML is the API's escaped rendering, never markup made here.
 */
export async function insertIntoDraft(item: Office.MessageCompose, reply: Insertable): Promise<Format> {
  const format = await bodyFormat(item);
  const data = format === "html" ? reply.html : reply.body;
  if (data.length > MAX_INSERT_CHARACTERS) throw new Error("it is too long for Outlook to insert.");
  const coercionType = format === "html" ? Office.CoercionType.Html : Office.CoercionType.Text;
  await new Promise<void>((resolve, reject) => {
    item.body.setSelectedDataAsync(data, { coercionType }, (result) => {
      if (result.status === Office.AsyncResultStatus.Succeeded) resolve();
      else reject(new Error(result.error.message));
    });
  });
  return format;
}
