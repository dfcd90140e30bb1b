import { z } from "@hono/zod-openapi";

/** Text people write (notes, saved replies), limited by its size in UTF-8 as stored, not by characters. */
export function boundedText(maxBytes: number) {
  const kb = Math.round(maxBytes / 1024);
  return z
    .string()
    .trim()
    .min(1, "must not be empty")
    .refine((text) => Buffer.byteLength(text, "utf8") <= maxBytes, `at most ${kb} KB`);
}
