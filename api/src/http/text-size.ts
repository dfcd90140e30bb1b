import { z } from "@hono/zod-openapi";
import { badRequest } from "../errors";

const sizeRule = (maxBytes: number) => `at most ${Math.round(maxBytes / 1024)} KB`;
const fits = (text: string, maxBytes: number) => Buffer.byteLength(text, "utf8") <= maxBytes;

/** Text people write (notes, saved replies), limited by its size in UTF-8 as stored, not by characters. */
export function boundedText(maxBytes: number) {
  return z
    .string()
    .trim()
    .min(1, "must not be empty")
    .refine((text) => fits(text, maxBytes), sizeRule(maxBytes));
}

/** The same rule for callers that reach a domain function without the schema (pages, MCP tools). */
export function checkedText(field: string, text: string, maxBytes: number): string {
  const trimmed = text.trim();
  if (!trimmed) throw badRequest(`${field}: must not be empty`);
  if (!fits(trimmed, maxBytes)) throw badRequest(`${field}: ${sizeRule(maxBytes)}`);
  return trimmed;
}
