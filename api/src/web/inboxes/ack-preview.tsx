import type { InboxView } from "../../admin/inboxes";
import type { Org } from "../../db/schema";
import { type AcknowledgementText, composeAcknowledgement } from "../../inbound/acknowledge";

/** The subject of the client mail the preview pretends to answer. */
export const PREVIEW_SUBJECT = "Question about my order";

/**
 * The acknowledgement a client who writes to the inbox now would get, with `autoAckMessage` as its
 * text: built by the pipeline's own builder, numbered as the org's next thread, and from the address
 * the sending rule picks (the custom address once its domain is verified).
 */
export function previewAcknowledgement(
  org: Pick<Org, "slug" | "name" | "threadSeq">,
  inbox: Pick<InboxView, "name" | "customAddress"> & { customAddressVerified: boolean },
  autoAckMessage: string | null,
  inboundDomain: string,
): AcknowledgementText {
  return composeAcknowledgement({
    org,
    inbox: { ...inbox, autoAckMessage },
    threadNumber: org.threadSeq + 1,
    subject: PREVIEW_SUBJECT,
    inboundDomain,
  });
}

type PreviewProps = { id: string; url: string; mail: AcknowledgementText; on: boolean };

/**
 * The preview beside an inbox's settings; `ack-preview.js` keeps it up to date while the text is
 * typed (the elements it fills carry `data-preview`), and without JavaScript it shows what was saved.
 */
export const AckPreview = (props: PreviewProps) => (
  <aside class="ack-preview" id={props.id} aria-labelledby={`${props.id}-title`} data-ack-preview={props.url}>
    <h3 id={`${props.id}-title`}>Preview of the acknowledgement</h3>
    <p class="muted" data-preview-off="" hidden={props.on}>
      Acknowledgements are off: a client who writes gets no automatic reply.
    </p>
    <div data-preview-mail="" hidden={!props.on}>
      <p class="muted panel-lead">What a client who writes now, about “{PREVIEW_SUBJECT}”, gets:</p>
      <dl class="mail-head">
        <dt>From</dt>
        <dd data-preview="from">{props.mail.fromHeader}</dd>
        <dt>Subject</dt>
        <dd data-preview="subject">{props.mail.subject}</dd>
      </dl>
      <div class="text-body mail-text" data-preview="text">
        {props.mail.text}
      </div>
    </div>
  </aside>
);
