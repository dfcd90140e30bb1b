import { describe, expect, it } from "vitest";
import {
  baseSubject,
  findSubjectTag,
  formatRef,
  parseRef,
  subjectOrNone,
  tagSubject,
  threadSubject,
} from "../../shared/src/subject-tag";

describe("thread references", () => {
  it("formats and parses THD-n, refusing anything else", () => {
    expect(formatRef(42)).toBe("THD-42");
    expect(parseRef("THD-42")).toBe(42);
    expect(parseRef(" thd-7 ")).toBe(7);
    for (const bad of ["THD-", "THD-4x", "42", "THD--1", "THD-1234567890"]) expect(parseRef(bad)).toBeNull();
  });
});

describe("subject tags", () => {
  it.each([
    ["[THD-42] Printer", 42],
    ["Re: AW: SV: [THD-42] Printer", 42],
    ["Fwd: Printer [thd-42]", 42],
    ["回复: [ THD-7 ] 注文", 7],
    ["Printer THD-42 without brackets", null],
    ["", null],
  ])("finds the tag in %j", (subject, expected) => {
    expect(findSubjectTag(subject)).toBe(expected);
  });

  it("strips reply and forward prefixes in any order, and the tag", () => {
    expect(baseSubject("RE: AW: Fwd: [THD-3] Größe der Lieferung")).toBe("Größe der Lieferung");
    expect(baseSubject("Re[2]: SV:  Invoice  March")).toBe("Invoice March");
    expect(baseSubject("Regarding the refund")).toBe("Regarding the refund");
  });

  it("tags a subject once, replacing another thread's tag", () => {
    expect(tagSubject("Invoice", 9)).toBe("[THD-9] Invoice");
    expect(tagSubject("Re: [THD-9] Invoice", 9)).toBe("Re: [THD-9] Invoice");
    expect(tagSubject("[THD-1] Invoice", 9)).toBe("[THD-9] Invoice");
    expect(tagSubject("", 9)).toBe("[THD-9]");
  });
});

describe("a new thread's subject", () => {
  it.each([
    ["Re: [THD-3] Printer  jams", "Printer jams"],
    ["  Re:  ", "Re:"],
    ["[THD-3]", "[THD-3]"],
    ["   ", "(no subject)"],
    ["", "(no subject)"],
  ])("calls %j %j", (subject, expected) => {
    expect(threadSubject(subject)).toBe(expected);
  });

  it("names a blank subject, and keeps any other as written but trimmed", () => {
    expect(subjectOrNone(" \t ")).toBe("(no subject)");
    expect(subjectOrNone(" Re: Printer ")).toBe("Re: Printer");
  });
});
