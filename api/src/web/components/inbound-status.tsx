import type { InboundEmail } from "../../db/schema";

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
