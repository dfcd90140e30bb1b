import { beforeEach, describe, expect, it, vi } from "vitest";
import { createTokenSource, type nestedToken } from "../../../outlook-addin/src/taskpane/identity";
import { installOfficeStandIn } from "../office-stand-in";

const config = { apiUrl: "https://tisket.example", clientId: "app-id", inboundDomain: "tisket.test" };

describe("the pane's token source", () => {
  beforeEach(() => {
    installOfficeStandIn({
      items: [{ mode: "read", subject: "" }],
      roaming: { tisketToken: "tkt_pasted" },
      requirements: { Mailbox: "1.15", NestedAppAuth: "1.1" },
    });
  });

  it("asks Microsoft silently first, each time, and uses the pasted token when that yields none", async () => {
    const nested = vi.fn<typeof nestedToken>().mockResolvedValueOnce("entra-1").mockResolvedValueOnce(null);
    const tokens = createTokenSource(config, nested);
    expect(await tokens.token()).toBe("entra-1");
    expect(await tokens.token()).toBe("tkt_pasted");
    expect(nested.mock.calls).toEqual([
      [config, false],
      [config, false],
    ]);
  });

  it("after the API refuses a Microsoft token, falls back to the pasted one until the agent signs in again", async () => {
    const nested = vi.fn<typeof nestedToken>().mockResolvedValue("entra");
    const tokens = createTokenSource(config, nested);
    expect(await tokens.token()).toBe("entra");
    expect(tokens.refused()).toBe(true);
    expect(await tokens.token()).toBe("tkt_pasted");
    expect(await tokens.signInInteractively()).toBe(true);
    expect(nested).toHaveBeenLastCalledWith(config, true);
    expect(await tokens.token()).toBe("entra");
  });

  it("has nothing to fall back to when a pasted token is refused", async () => {
    const tokens = createTokenSource(config, vi.fn<typeof nestedToken>().mockResolvedValue(null));
    expect(await tokens.token()).toBe("tkt_pasted");
    expect(tokens.refused()).toBe(false);
  });
});
