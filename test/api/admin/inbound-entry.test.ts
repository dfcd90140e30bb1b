import { describe, expect, it } from "vitest";
import { PAYLOAD_CHARS, readablePayload } from "../../../api/src/admin/inbound-entry";

describe("an inbound email's payload as an admin reads it", () => {
  it("pretty-prints a payload and cuts each attachment's content short, keeping the rest", () => {
    const raw = JSON.stringify({
      Subject: "Hello",
      Attachments: [
        { Name: "big.pdf", Content: "A".repeat(1000), ContentType: "application/pdf" },
        { Name: "tiny.txt", Content: "aGk=", ContentType: "text/plain" },
      ],
    });
    const { text, cut } = readablePayload(raw);
    expect(cut).toBe(false);
    const shown = JSON.parse(text) as { Subject: string; Attachments: { Name: string; Content: string }[] };
    expect(shown.Subject).toBe("Hello");
    expect(shown.Attachments[0]).toEqual({
      Name: "big.pdf",
      Content: `${"A".repeat(80)}… (1000 characters in all)`,
      ContentType: "application/pdf",
    });
    expect(shown.Attachments[1]!.Content).toBe("aGk=");
    expect(text).toContain('\n  "Subject": "Hello"');
  });

  it("shows a body that is not a Postmark payload as it came, and cuts a long one", () => {
    expect(readablePayload("not json <b>")).toEqual({ text: "not json <b>", cut: false });
    expect(readablePayload("[1,2]")).toEqual({ text: "[1,2]", cut: false });
    const long = readablePayload("x".repeat(PAYLOAD_CHARS + 10));
    expect(long.cut).toBe(true);
    expect(long.text).toHaveLength(PAYLOAD_CHARS);
  });
});
