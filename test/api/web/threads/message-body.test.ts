import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasRemoteImages, sanitizeMessageHtml } from "../../../../api/src/web/threads/message-body";
import { makeTestApp, type TestApp } from "../../../helpers/app";
import { fakeClock } from "../../../helpers/clock";
import { deliverInbound, loadCorpusEmail } from "../../../helpers/corpus";
import {
  makeAttachment,
  makeInbox,
  makeMember,
  makeMessage,
  makeOrg,
  makeOrgWithInbox,
  makeThread,
} from "../../../helpers/factories";
import { signedIn, type WebClient } from "../../../helpers/web-client";

const clock = fakeClock(new Date("2026-04-01T08:00:00Z"));
let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ deps: { clock } });
});
afterAll(() => t?.close());

async function messageWith(html: string, text = "") {
  const { org, inbox, admin } = await makeOrgWithInbox(t.db);
  const thread = await makeThread(t.db, org, inbox);
  const message = await makeMessage(t.db, thread, { html, text });
  const client = await signedIn(t, admin.email);
  const ref = `THD-${thread.number}`;
  return { client, ref, message, bodyPath: `/admin/threads/${ref}/messages/${message.id}/body` };
}

const policyOf = (headers: Headers) => headers.get("content-security-policy") ?? "";

describe("a message body document", () => {
  it("is served on its own with a sandboxing policy that only our pages may frame", async () => {
    const { client, bodyPath } = await messageWith("<p>Hello <b>there</b></p>");
    const body = await client.get(bodyPath);
    expect(body.status).toBe(200);
    expect(body.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const policy = policyOf(body.headers);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'self'");
    expect(policy).toContain("sandbox allow-popups allow-popups-to-escape-sandbox");
    expect(policy).not.toMatch(/script-src|allow-scripts|allow-same-origin/);
    expect(policy).toMatch(/img-src http:\/\/tisket\.test( http:\/\/tisket\.test)? data:;/);
    expect(body.headers.get("x-content-type-options")).toBe("nosniff");
    expect(body.headers.get("referrer-policy")).toBe("same-origin");
    expect(body.html).toContain("<p>Hello <b>there</b></p>");
    // the thread page itself is never framed
    const page = await client.get(bodyPath.replace(/\/messages\/.*$/, ""));
    expect(policyOf(page.headers)).toContain("frame-ancestors 'none'");
  });

  it("keeps no script, handler, form, frame or javascript: link of classic XSS payloads", async () => {
    const payloads = [
      "<script>parent.pwned=1</script>",
      "<img src=x onerror=alert(1)>",
      "<svg onload=alert(1)><circle/></svg>",
      '<a href="javascript:alert(1)">click</a>',
      '<a href=" JaVaScRiPt:alert(1)">click2</a>',
      '<iframe src="javascript:alert(1)"></iframe>',
      '<object data="x.swf"></object><embed src="x">',
      '<form action="https://evil.example"><input name=q><button>go</button></form>',
      '<meta http-equiv="refresh" content="0;url=https://evil.example">',
      '<base href="https://evil.example/">',
      '<body onload="alert(1)"><div onclick="alert(1)">x</div>',
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
      '"><img src=x onerror=alert(1)>',
      '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>',
      '<img src="javascript:alert(1)"><video src=x onerror=alert(1)></video>',
    ];
    const { client, bodyPath } = await messageWith(payloads.join("\n"));
    const { html } = await client.get(bodyPath);
    const content = html.slice(html.indexOf("<body>"));
    expect(content).not.toMatch(/<script|<iframe|<object|<embed|<form|<input|<meta|<base|<svg|<video/i);
    expect(content).not.toMatch(/\son[a-z]+\s*=/i);
    expect(content).not.toMatch(/href="\s*(javascript|data):/i);
    expect(content).toContain('target="_blank" rel="noopener noreferrer"');
  });

  it("blocks remote images until Load images asks for them", async () => {
    const html =
      '<p>Hi</p><img src="https://tracker.example/pixel.gif" alt="logo"><div style="background:url(https://x.example/a.png)">b</div>';
    const { client, ref, message, bodyPath } = await messageWith(html);
    expect(hasRemoteImages(html)).toBe(true);
    const page = await client.get(`/admin/threads/${ref}`);
    expect(page.html).toContain("Load images");
    expect(page.html).toContain(`target="body-${message.id}"`);
    const blocked = await client.get(bodyPath);
    expect(blocked.html).not.toContain("tracker.example");
    expect(blocked.html).toContain('<span class="tisket-blocked-image">[image: logo]</span>');
    expect(policyOf(blocked.headers)).not.toMatch(/img-src[^;]*https:/);
    const loaded = await client.get(`${bodyPath}?images=1`);
    expect(loaded.html).toContain('src="https://tracker.example/pixel.gif"');
    expect(policyOf(loaded.headers)).toMatch(/img-src [^;]*data: https: http:/);
    const plain = await messageWith("<p>no images here</p>");
    expect((await plain.client.get(`/admin/threads/${plain.ref}`)).html).not.toContain("Load images");
  });

  it("shows cid: images from the message's own parts through signed links, nothing else", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const { client, message, bodyPath } = await messageWith(
      '<p>logo:</p><img src="cid:logo@mail"><img src="cid:missing@mail">',
    );
    const part = await makeAttachment(t.db, message, {
      filename: "logo.png",
      contentType: "image/png",
      content: png,
      inline: true,
      contentId: "logo@mail",
    });
    const { html } = await client.get(bodyPath);
    const src = /<img src="(\/admin\/parts\/[^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    expect(src).toMatch(new RegExp(`^/admin/parts/${part.id}\\?e=\\d+&s=[A-Za-z0-9_-]+$`));
    expect(html).toContain('<span class="tisket-blocked-image">[image]</span>');
    // the signed link works without the session, as a sandboxed frame asks for it
    const image = await t.app.request(src);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(image.headers.get("content-security-policy")).toContain("sandbox");
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
    expect((await t.app.request(src.replace(/s=[^&]+/, "s=forged"))).status).toBe(404);
    expect((await t.app.request(src.replace(/e=\d+/, "e=99999999999999"))).status).toBe(404);
    clock.advance(7 * 3600_000);
    expect((await t.app.request(src)).status).toBe(404);
    clock.advance(-7 * 3600_000);
  });

  it("never serves an inline part as anything but an image", async () => {
    const { client, message, bodyPath } = await messageWith('<img src="cid:doc@mail">');
    await makeAttachment(t.db, message, {
      filename: "x.svg",
      contentType: "image/svg+xml",
      content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      contentId: "doc@mail",
      inline: true,
    });
    const { html } = await client.get(bodyPath);
    const src = /<img src="(\/admin\/parts\/[^"]+)"/.exec(html)![1]!.replaceAll("&amp;", "&");
    expect((await t.app.request(src)).status).toBe(404);
  });

  it("renders a 5 MB body, showing its first megabyte, and refuses hopelessly nested HTML fast", async () => {
    const huge = `<div>${"<p>lorem ipsum dolor sit amet</p>".repeat(160_000)}</div>`;
    expect(huge.length).toBeGreaterThan(5_000_000);
    const big = await messageWith(huge, "the text part");
    const shown = await big.client.get(big.bodyPath);
    expect(shown.status).toBe(200);
    expect(shown.html).toContain("This message is very large: only its beginning is shown.");
    expect(shown.html.length).toBeLessThan(1_200_000);
    const nested = await messageWith("<div><table><tr><td>".repeat(100_000), "plain words instead");
    const refused = await nested.client.get(nested.bodyPath);
    expect(refused.status).toBe(200);
    expect(refused.html).toContain(
      "Its HTML is nested too deeply to show safely. Its text is shown instead.",
    );
    expect(refused.html).toContain("<pre>plain words instead</pre>");
  });

  it("is another org's message only as a 404", async () => {
    const mine = await messageWith("<p>mine</p>");
    const theirs = await messageWith("<p>secret of theirs</p>");
    const path = theirs.bodyPath.replace(theirs.ref, mine.ref);
    const reply = await mine.client.get(path);
    expect(reply.status).toBe(404);
    expect(reply.html).not.toContain("secret of theirs");
  });
});

describe("real mail in the viewer", () => {
  let client: WebClient;
  let refs: Map<string, string>;
  beforeAll(async () => {
    const org = await makeOrg(t.db, { slug: "acme", name: "Acme" });
    await makeInbox(t.db, org, { name: "support", autoAck: false });
    const admin = await makeMember(t.db, org, { role: "admin" });
    refs = new Map();
    for (const name of [
      "015-gmx-aw-re-re-re-html-only.json",
      "018-thunderbird-windows1252-8bit.json",
      "035-outlook2000-related-3-png.json",
      "040-apple-mail-inline-jpeg-cid.json",
      "043-apple-mail-long-japanese-subject-filename.json",
      "095-enron-newsletter-cte-8bits.json",
    ]) {
      const [ref] = await deliverInbound(t.app, loadCorpusEmail(name));
      refs.set(name, ref!);
    }
    client = await signedIn(t, admin.email);
  });

  async function bodyOf(name: string) {
    const page = await client.get(`/admin/threads/${refs.get(name)}`);
    const path = /src="(\/admin\/threads\/[^"]+\/body)"/.exec(page.html)?.[1];
    return { page, body: path ? await client.get(path) : null };
  }

  it("shows HTML-only mail in its frame, text-only mail as text, charsets intact", async () => {
    const gmx = await bodyOf("015-gmx-aw-re-re-re-html-only.json");
    expect(gmx.body?.html).toContain("YIPPEEEEEE");
    const thunderbird = await bodyOf("018-thunderbird-windows1252-8bit.json");
    expect(thunderbird.body).toBeNull();
    expect(thunderbird.page.html).toContain("foo bar ä ö ü ß");
    const japanese = await bodyOf("043-apple-mail-long-japanese-subject-filename.json");
    expect(japanese.page.html).toContain("<h1>まみむめもまみむめも");
    expect(japanese.page.html).toContain("かきくけこかきくけこ");
  });

  it("draws inline images from the mail's own parts", async () => {
    for (const name of ["040-apple-mail-inline-jpeg-cid.json", "035-outlook2000-related-3-png.json"]) {
      const { body } = await bodyOf(name);
      const src = /<img[^>]* src="(\/admin\/parts\/[^"]+)"/.exec(body!.html)?.[1]?.replaceAll("&amp;", "&");
      expect(src, name).toBeDefined();
      const image = await t.app.request(src!);
      expect(image.status).toBe(200);
      expect(image.headers.get("content-type")).toMatch(/^image\/(jpeg|png)$/);
    }
  });

  it("holds back a newsletter's remote images", async () => {
    const { page, body } = await bodyOf("095-enron-newsletter-cte-8bits.json");
    expect(page.html).toContain("Load images");
    expect(body!.html).not.toMatch(/<img[^>]+src="https?:/);
    expect(body!.html).toContain("tisket-blocked-image");
  });
});

describe("sanitizeMessageHtml", () => {
  it("rewrites only cid: parts the message has, by Content-ID with or without brackets", () => {
    const result = sanitizeMessageHtml('<img src="cid:<a@b>"><img src="cid:a@b"><img src="cid:c@d">', {
      remoteImages: false,
      partUrl: (id) => (id === "a@b" ? "/admin/parts/p" : null),
    });
    expect(result).toEqual({
      ok: true,
      html: '<img src="/admin/parts/p" /><img src="/admin/parts/p" /><span class="tisket-blocked-image">[image]</span>',
      blockedImages: 0,
      truncated: false,
    });
  });
});
