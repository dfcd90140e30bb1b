import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postmarkDomainsFor } from "../../../api/src/domains/postmark-domains";
import { AppError } from "../../../api/src/errors";
import { type FakePostmarkAccount, startFakePostmarkAccount } from "../../helpers/fake-postmark-account";

let postmark: FakePostmarkAccount;
beforeAll(async () => {
  postmark = await startFakePostmarkAccount();
});
afterAll(() => postmark?.close());

describe("Postmark's Domains API through the postmark client", () => {
  const config = () => ({ POSTMARK_ACCOUNT_TOKEN: postmark.token, POSTMARK_API_URL: postmark.url });

  it("is not there without an account token", () => {
    expect(
      postmarkDomainsFor({ POSTMARK_ACCOUNT_TOKEN: undefined, POSTMARK_API_URL: postmark.url }),
    ).toBeNull();
  });

  it("sends the account token and Postmark's field names, and reads its answer", async () => {
    const domains = postmarkDomainsFor(config())!;
    const created = await domains.create("shop.example", "pm-bounces.shop.example");
    expect(postmark.requests.at(-1)).toBe("POST /domains");
    expect(created).toMatchObject({
      name: "shop.example",
      dkimHost: "20240101000000pm._domainkey.shop.example",
      dkimVerified: false,
      returnPathDomain: "pm-bounces.shop.example",
      returnPathCnameValue: "pm.mtasv.net",
      returnPathVerified: false,
    });
    expect(await domains.get(created.id)).toEqual(created);
    await domains.verifyDkim(created.id);
    await domains.verifyReturnPath(created.id);
    expect(postmark.requests.slice(-2)).toEqual([
      `PUT /domains/${created.id}/verifyDKIM`,
      `PUT /domains/${created.id}/verifyReturnPath`,
    ]);
    await domains.remove(created.id);
    // already gone from Postmark (ErrorCode 510) counts as removed
    await domains.remove(created.id);
    expect(postmark.domains.has(created.id)).toBe(false);
  });

  it("gives up on a Postmark that does not answer, with an error that says so", async () => {
    const domains = postmarkDomainsFor(config(), { timeoutSeconds: 0.3 })!;
    postmark.mode = "hang";
    try {
      const failure = await domains.create("slow.example", "pm-bounces.slow.example").catch((error) => error);
      expect(failure).toBeInstanceOf(AppError);
      expect(failure).toMatchObject({ code: "unavailable" });
      expect((failure as AppError).message).toMatch(/^Postmark did not answer \(.+\); try again later\.$/);
    } finally {
      postmark.mode = "ok";
    }
  });

  it("reports an unknown domain id with Postmark's words", async () => {
    const failure = await postmarkDomainsFor(config())!
      .verifyDkim(999_999)
      .catch((error) => error);
    expect(failure).toMatchObject({
      code: "bad_request",
      message: "Postmark refused it (ErrorCode 510: This domain was not found.)",
    });
  });
});
