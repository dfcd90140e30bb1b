import { sha256Hex } from "../auth/secrets";
import { isStorableText } from "../db/storable-text";

/**
 * How long an email's fields may be once stored (every string is also made storable, see
 * `storable-text.ts`). A btree index entry cannot exceed ~2.7 KB, and no real mail comes near
 * these. The raw body in the inbound log keeps every byte as sent, so cutting a field loses nothing.
 */
export const LIMITS = {
  /** the longest valid address: 64 for the local part, @, 255 for the domain */
  address: 320,
  name: 1000,
  subject: 1000,
  filename: 255,
  contentType: 255,
  /** RFC 5322's longest line, in UTF-8 bytes: Message-IDs are indexed */
  messageIdBytes: 998,
  /** a Postmark MessageID is a 36-character UUID; a longer one is keyed by its hash */
  postmarkKey: 200,
} as const;

/**
 * The inbound log's unique key for a Postmark MessageID: the id itself, or, for one too long for
 * an index or not storable as it is, `sha256:` and its hash (a redelivery repeats it exactly).
 */
export function postmarkKey(messageId: string): string {
  const clean = messageId.length <= LIMITS.postmarkKey && isStorableText(messageId);
  return clean ? messageId : `sha256:${sha256Hex(messageId)}`;
}
