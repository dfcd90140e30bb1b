import sanitizeHtml from "sanitize-html";

/** Of a larger HTML body, this much is shown: sanitizing costs time in proportion. */
export const MAX_SHOWN_HTML_CHARS = 1_000_000;
// real mail nests a few dozen levels; the parser's cost grows with depth times tags
const MAX_DEPTH = 512;

export type BodyOptions = {
  /** remote images were allowed with **Load images** */
  remoteImages: boolean;
  /** the URL of the message's inline part with this Content-ID, or null when it has none */
  partUrl(contentId: string): string | null;
};

export type SanitizedBody =
  | { ok: true; html: string; blockedImages: number; truncated: boolean }
  | { ok: false; reason: string };

class TooDeep extends Error {}

const REMOTE = /^(https?:)?\/\//i;
const INLINE_DATA_IMAGE = /^data:image\/(png|gif|jpe?g|webp);base64,/i;

const BLOCKED_IMAGE_CLASS = "tisket-blocked-image";

function blockedImage(attribs: Record<string, string>) {
  const alt = attribs.alt?.trim();
  return {
    tagName: "span",
    attribs: { class: BLOCKED_IMAGE_CLASS },
    text: alt ? `[image: ${alt}]` : "[image]",
  };
}

/**
 * A message's HTML made safe with sanitize-html (a maintained allow-list sanitizer built on
 * htmlparser2, not rules of our own): no scripts, handlers, forms, frames, objects or base URLs;
 * links open a new tab; `cid:` images point at the message's own parts; remote images are left out
 * until allowed. It is still shown only in a sandboxed frame with a strict policy of its own.
 * HTML nested too deeply to parse in reasonable time is refused rather than parsed.
 */
export function sanitizeMessageHtml(html: string, options: BodyOptions): SanitizedBody {
  const truncated = html.length > MAX_SHOWN_HTML_CHARS;
  let blockedImages = 0;
  let depth = 0;
  const image = (_tag: string, attribs: Record<string, string>) => {
    const src = (attribs.src ?? "").trim();
    const inline = /^cid:/i.test(src) ? options.partUrl(src.slice(4).replace(/^<|>$/g, "")) : null;
    if (inline) return { tagName: "img", attribs: { ...attribs, src: inline } };
    if (INLINE_DATA_IMAGE.test(src) || (REMOTE.test(src) && options.remoteImages)) {
      return { tagName: "img", attribs };
    }
    if (REMOTE.test(src)) blockedImages += 1;
    return blockedImage(attribs);
  };
  try {
    const clean = sanitizeHtml(truncated ? html.slice(0, MAX_SHOWN_HTML_CHARS) : html, {
      allowedTags: [...sanitizeHtml.defaults.allowedTags, "img", "font", "center", "big", "strike", "style"],
      // <style> only: CSS cannot run script, and the body document's policy and sandbox confine it
      allowVulnerableTags: true,
      nonTextTags: ["script", "textarea", "option", "noscript", "title", "xml"],
      allowedAttributes: {
        "*": [
          "style",
          "class",
          "dir",
          "lang",
          "title",
          "align",
          "valign",
          "width",
          "height",
          "bgcolor",
          "color",
        ],
        a: ["href", "name", "target", "rel"],
        img: ["src", "alt", "width", "height", "border"],
        font: ["face", "size", "color"],
        table: ["border", "cellpadding", "cellspacing"],
        td: ["colspan", "rowspan", "nowrap"],
        th: ["colspan", "rowspan", "nowrap"],
        ol: ["start", "type"],
        li: ["value"],
      },
      allowedSchemes: ["http", "https", "mailto", "tel"],
      allowedSchemesByTag: { img: ["http", "https", "data"] },
      allowProtocolRelative: true,
      transformTags: {
        img: image,
        a: (_tag, attribs) => ({
          tagName: "a",
          attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer" },
        }),
      },
      // CSS never needs "<": a style that holds one is markup hiding from the parser, dropped whole
      exclusiveFilter: (frame) => frame.tag === "style" && frame.text.includes("<"),
      onOpenTag: () => {
        depth += 1;
        if (depth > MAX_DEPTH) throw new TooDeep();
      },
      onCloseTag: () => {
        depth -= 1;
      },
    });
    return { ok: true, html: clean, blockedImages, truncated };
  } catch (error) {
    if (error instanceof TooDeep) {
      return { ok: false, reason: "Its HTML is nested too deeply to show safely." };
    }
    throw error;
  }
}

const REMOTE_IMAGE_HINTS = [
  /<img\b[^>]*\ssrc\s*=\s*["']?\s*(https?:)?\/\//i,
  /url\(\s*["']?\s*(https?:)?\/\//i,
  /\sbackground\s*=\s*["']?\s*(https?:)?\/\//i,
];

/** Whether a body asks for remote images, so the page offers **Load images**. Cheap: no parsing. */
export function hasRemoteImages(html: string): boolean {
  return REMOTE_IMAGE_HINTS.some((pattern) => pattern.test(html));
}

const DOCUMENT_STYLE = `html{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
body{margin:14px 16px;overflow-wrap:anywhere}img{max-width:100%;height:auto}pre{white-space:pre-wrap}
blockquote{margin:0 0 0 .6em;padding-left:.8em;border-left:3px solid #d0d7de;color:#57606a}
.${BLOCKED_IMAGE_CLASS}{display:inline-block;padding:0 .4em;border:1px dashed #afb8c1;border-radius:4px;color:#57606a;font-size:.85em}
.tisket-note{margin:0 0 12px;padding:6px 10px;background:#fff8c5;border-radius:6px;font-size:.9em}`;

const escapeText = (text: string) =>
  text.replace(/[&<>"]/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[char]!);

/** A whole document for one body: sanitized HTML, or the text part when the HTML cannot be shown. */
export function bodyDocument(body: SanitizedBody, text: string): string {
  const notes: string[] = [];
  let content: string;
  if (body.ok) {
    if (body.truncated) notes.push("This message is very large: only its beginning is shown.");
    content = body.html;
  } else {
    notes.push(`${body.reason} Its text is shown instead.`);
    content = `<pre>${escapeText(text || "(This message has no text.)")}</pre>`;
  }
  const noteHtml = notes.map((note) => `<p class="tisket-note">${escapeText(note)}</p>`).join("");
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><base target="_blank"><style>${DOCUMENT_STYLE}</style></head><body>${noteHtml}${content}</body></html>`;
}
