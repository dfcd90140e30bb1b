import { describe, expect, it } from "vitest";
import {
  ccWithInbox,
  inboxAmongRecipients,
  possibleClients,
  recipientEmails,
} from "../../gmail-addon/src/compose-draft";

const support = {
  name: "support",
  address: "support.acme@tisket.test",
  customAddress: null,
  addressed: false,
};
const billing = {
  name: "billing",
  address: "billing.acme@tisket.test",
  customAddress: "billing@acme.example",
  addressed: false,
};

describe("a draft's recipients", () => {
  it("are read from `Name <email>` or bare addresses, lowercased, To first", () => {
    expect(
      recipientEmails({
        to: ["Cleo <CLEO@client.example>"],
        cc: ["dan@client.example", "nonsense"],
        bcc: [],
      }),
    ).toEqual(["cleo@client.example", "dan@client.example"]);
  });

  it("tell which inbox the draft goes to, by its address or its custom address", () => {
    const draft = { to: ["cleo@client.example"], cc: ["Billing <Billing@Acme.example>"], bcc: [] };
    expect(inboxAmongRecipients(draft, [support, billing])).toBe(billing);
    expect(inboxAmongRecipients({ ...draft, cc: [] }, [support, billing])).toBeNull();
  });

  it("may be the client unless they are one of our inboxes, each once with the name typed", () => {
    const draft = {
      to: ['"Cleo Client" <cleo@client.example>', "support.acme@tisket.test"],
      cc: ["cleo@client.example", "billing@acme.example"],
      bcc: ["dan@client.example"],
    };
    expect(possibleClients(draft, [support, billing])).toEqual([
      { email: "cleo@client.example", name: "Cleo Client" },
      { email: "dan@client.example", name: "" },
    ]);
  });

  it("get the inbox added to Cc only when no recipient reaches it, keeping the Cc there was", () => {
    const draft = { to: ["cleo@client.example"], cc: ["Dan <dan@client.example>"], bcc: [] };
    expect(ccWithInbox(draft, support)).toEqual(["Dan <dan@client.example>", "support.acme@tisket.test"]);
    expect(ccWithInbox(draft, billing)).toEqual(["Dan <dan@client.example>", "billing@acme.example"]);
    expect(ccWithInbox({ ...draft, bcc: ["support.acme@tisket.test"] }, support)).toBeNull();
  });
});
