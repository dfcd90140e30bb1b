import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MAX_MESSAGE_CHARACTERS, messageText, trimQuotedHistory } from "../../../api/src/mcp/message-text";

type Payload = { Subject: string; HtmlBody: string; TextBody: string };

/** A real email from test/fixtures/corpus, as Postmark posted it. */
function corpus(name: string) {
  const payload = JSON.parse(
    readFileSync(new URL(`../../fixtures/corpus/${name}`, import.meta.url), "utf8"),
  ) as Payload;
  return { subject: payload.Subject, html: payload.HtmlBody ?? "", text: payload.TextBody ?? "" };
}

const reply = { keepHistory: false };
const HTML_TAG = /<\/?(?:p|div|br|span|a|img|table|script|style|html|body|b|i|blockquote)\b/i;

describe("a message as text for an agent", () => {
  it.each([
    ["001-gmail-reply-alternative.json", "Hello"],
    ["002-gmail-android-reply-base64.json", "Hello"],
    ["004-apple-mail-reply-in-reply-to.json", "Hello"],
    ["010-outlook-reply-no-message-id.json", "Allo! Follow up MIME!"],
    ["014-allinkl-webmail-html-only-reply.json", "It's 1.0."],
    ["015-gmx-aw-re-re-re-html-only.json", "YIPPEEEEEE\n\nMulti-line"],
  ])("%s: the sender's own words, the quoted earlier mail cut off", (name, expected) => {
    const result = messageText(corpus(name), reply);
    expect(result).toEqual({ text: expected, quotedHistoryTrimmed: true, truncatedCharacters: 0 });
  });

  it("keeps a bottom-posted reply whole, the quote marked with >", () => {
    const result = messageText(corpus("005-thunderbird3-reply-flowed.json"), reply);
    expect(result.quotedHistoryTrimmed).toBe(false);
    expect(result.text).toBe("On 04/02/2012 06:26 PM, Megan One wrote:\n> Hi\nHello");
  });

  it("keeps a forward whole: the forwarded mail is what it says", () => {
    const result = messageText(corpus("016-gmx-fw-html-only.json"), reply);
    expect(result.quotedHistoryTrimmed).toBe(false);
    expect(result.text).toContain("Betreff: subject");
    expect(result.text).toContain("bodytext");
  });

  it("keeps the quoted history of a thread's first message, which is nowhere else in the thread", () => {
    const result = messageText(corpus("001-gmail-reply-alternative.json"), { keepHistory: true });
    expect(result.quotedHistoryTrimmed).toBe(false);
    expect(result.text).toMatch(
      /^Hello\n\nOn Mon, Apr 2, 2012 at 6:26 PM, Megan One <xxx@gmail.com> wrote:\n\n> Hi$/,
    );
  });

  it("turns hostile HTML into text with no markup, script or handler left", () => {
    const html = `<html><head><style>p{color:red}</style><script>alert("head")</script></head><body>
      <p onclick="steal()">Hello <b>there</b>,</p><script>alert(1)</script>
      <img src="x" onerror="alert(2)" alt="tracker"><p>See <a href="https://status.example/">our status page</a>.</p>
      <iframe src="https://evil.example"></iframe><table><tr><td>Order</td><td>42</td></tr></table></body></html>`;
    const { text } = messageText({ subject: "Help", html, text: "" }, reply);
    expect(text).not.toMatch(HTML_TAG);
    expect(text).not.toMatch(/alert|steal|onerror|onclick|color:red|evil\.example|tracker/);
    expect(text).toContain("Hello there,");
    expect(text).toContain("See our status page [https://status.example/].");
    expect(text).toMatch(/Order\s+42/);
  });

  it("reads a text part that is really HTML as HTML", () => {
    const { text } = messageText(
      { subject: "Hi", html: "", text: "<div>Hi <b>team</b></div><br><p>Thanks</p>" },
      reply,
    );
    expect(text).toBe("Hi team\n\nThanks");
  });

  it("keeps plain text as written, line breaks and angle-bracket addresses included", () => {
    const { text } = messageText(
      { subject: "Hi", html: "", text: "Line one\r\nLine two <ada@acme.example>\r\n" },
      reply,
    );
    expect(text).toBe("Line one\nLine two <ada@acme.example>");
  });

  it("cuts a very long message and says how much is left out", () => {
    const long = "word ".repeat(10_000);
    const result = messageText({ subject: "Log", html: "", text: long }, reply);
    expect(result.text).toHaveLength(MAX_MESSAGE_CHARACTERS);
    expect(result.truncatedCharacters).toBe(long.trim().length - MAX_MESSAGE_CHARACTERS);
  });
});

describe("trimQuotedHistory", () => {
  it.each([
    ["Danke!\n\nAm 01.02.2024 um 10:00 schrieb Cleo <cleo@client.example>:\n> Frage", "Danke!"],
    ["Merci\n\nLe 5 août 2020 à 10:46, holger <h@x.de> a écrit :\n> Bonjour", "Merci"],
    ["Got it\n\nOn Mon, 2 Apr 2012 at 18:26, Megan One <\nmegan@example.com> wrote:\n> Hi", "Got it"],
    ["Yes\n\n-----Original Message-----\nFrom: Cleo\nSent: Monday\nSubject: Printer", "Yes"],
    [
      "Yes\n\n________________________________\nFrom: Cleo <c@x>\nSent: Monday\nTo: support\nSubject: Re",
      "Yes",
    ],
    ["Fixed.\n\n> the printer\n> is on fire\n", "Fixed."],
  ])("cuts the history from %j", (text, own) => {
    expect(trimQuotedHistory(text)).toBe(own);
  });

  it.each([
    "No quotes at all,\njust text.",
    "> only a quote\n> nothing else",
    "My colleague wrote:\nthe report is attached",
    "> question?\nAnswer inline.\n> another?\nAnother answer.",
  ])("leaves %j alone", (text) => {
    expect(trimQuotedHistory(text)).toBeNull();
  });
});
