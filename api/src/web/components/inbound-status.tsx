import type { Child } from "hono/jsx";
import type { InboundLogEntry } from "../../admin/inbound-log";
import type { InboundEmail } from "../../db/schema";
import { formatDate } from "./format";
import { When } from "./layout";

/** What each outcome of a kept email means, in the words the inbound pages use. */
export const INBOUND_STATUS_LABELS: Record<InboundEmail["status"], string> = {
  received: "Being filed",
  filed: "Filed",
  duplicate: "Duplicate",
  unrouted: "Unrouted",
  rejected: "Rejected",
  failed: "Failed",
};

export const InboundStatus = ({ status }: { status: InboundEmail["status"] }) => (
  <span class={`inbound-status inbound-${status}`}>{INBOUND_STATUS_LABELS[status]}</span>
);

/** Links to the threads an email was filed into. */
export const ThreadLinks = ({ refs }: { refs: readonly string[] }) => (
  <>
    {refs.map((ref, index) => (
      <>
        {index > 0 ? ", " : null}
        <a href={`/admin/threads/${ref}`}>{ref}</a>
      </>
    ))}
  </>
);

/**
 * When a kept email was received, from and to whom, and its outcome, as `<dt>`/`<dd>` pairs of a
 * `<dl class="facts">`; `afterStatus` follows the status (a link to the email, say).
 */
export const InboundFacts = ({
  entry,
  afterStatus,
}: {
  entry: Pick<InboundLogEntry, "receivedAt" | "fromEmail" | "recipients" | "status">;
  afterStatus?: Child;
}) => (
  <>
    <dt>Received</dt>
    <dd>
      <When at={entry.receivedAt} label={formatDate(entry.receivedAt)} />
    </dd>
    <dt>From</dt>
    <dd>{entry.fromEmail ?? "—"}</dd>
    <dt>To</dt>
    <dd>{entry.recipients.join(", ") || "—"}</dd>
    <dt>Status</dt>
    <dd>
      <InboundStatus status={entry.status} />
      {afterStatus}
    </dd>
  </>
);
