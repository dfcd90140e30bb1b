/**
 * A value to paste elsewhere (a DNS record, a URL) with a **Copy** button beside it; the page lists
 * `copy-button.js` among its scripts. `label` names what is copied, for screen readers.
 */
export const CopyValue = ({ id, value, label }: { id: string; value: string; label: string }) => (
  <span class="copy-value">
    <code id={id}>{value}</code>
    <button type="button" class="copy-button" data-copy-from={id} aria-label={`Copy ${label}`}>
      Copy
    </button>
  </span>
);
