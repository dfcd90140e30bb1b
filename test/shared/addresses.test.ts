import { describe, expect, it } from "vitest";
import {
  isEmail,
  normalizeEmail,
  parseAddress,
  parseAddressList,
  splitPlusAddress,
} from "../../shared/src/addresses";

describe("addresses", () => {
  it("parses `Name <email>`, quoted names and bare addresses, lowercasing the address", () => {
    expect(parseAddress("Bob Builder <Bob@Acme.Example>")).toEqual({
      email: "bob@acme.example",
      name: "Bob Builder",
    });
    expect(parseAddress('"Dora, D." <dora@client.example>')).toEqual({
      email: "dora@client.example",
      name: "Dora, D.",
    });
    expect(parseAddress(" cleo@client.example ")).toEqual({ email: "cleo@client.example", name: "" });
    expect(parseAddress("not an address")).toBeNull();
    expect(parseAddress("Nobody <>")).toBeNull();
  });

  it("keeps only the entries of a list that hold an address", () => {
    expect(parseAddressList(["A <a@x.example>", "junk", "b@y.example"]).map((a) => a.email)).toEqual([
      "a@x.example",
      "b@y.example",
    ]);
  });

  it("splits plus-addressing, keeping the token's case", () => {
    expect(splitPlusAddress("Support.Acme+T42-AbC@Tisket.Test")).toEqual({
      base: "support.acme@tisket.test",
      hash: "T42-AbC",
    });
    expect(splitPlusAddress("support.acme@tisket.test")).toEqual({
      base: "support.acme@tisket.test",
      hash: "",
    });
  });

  it("normalizes and checks addresses", () => {
    expect(normalizeEmail(" <Ann@X.Example> ")).toBe("ann@x.example");
    expect(isEmail("ann@x.example")).toBe(true);
    expect(isEmail("ann@localhost")).toBe(false);
    expect(isEmail("ann x@x.example")).toBe(false);
  });
});
