import type { Address, Direction, InboundEmail, OutboundEmail } from "../db/schema";
import type { NewThreadPlan } from "../threads/statements/new-thread";

export type { NewThreadPlan };

type LogStatus = InboundEmail["status"];

export type StoredAttachment = {
  sha256: string;
  content: Buffer;
  filename: string;
  contentType: string;
  contentId: string | null;
  inline: boolean;
};

export type AckPlan = {
  messageId: string;
  rfcMessageId: string;
  from: Address;
  subject: string;
  text: string;
  inReplyTo: string | null;
  references: string[];
  email: OutboundEmail;
};

/** Everything one email changes in one org, decided before anything is written. */
export type FilingPlan = {
  inboundId: string;
  fileable: LogStatus[];
  now: Date;
  orgId: string;
  inboxId: string;
  thread: NewThreadPlan | { kind: "existing"; id: string; number: number };
  message: {
    id: string;
    direction: Direction;
    from: Address;
    to: Address[];
    cc: Address[];
    subject: string;
    html: string;
    text: string;
    rfcMessageId: string | null;
    dedupeKey: string | null;
    inReplyTo: string | null;
    references: string[];
  };
  attachments: StoredAttachment[];
  participants: string[];
  /** the member whose reply this is: their composing presence ends */
  replyingMember: { id: string; email: string; name: string } | null;
  ack: AckPlan | null;
};
