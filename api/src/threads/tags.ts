import { z } from "@hono/zod-openapi";
import { badRequest } from "../errors";

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
const TAG_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TAG_RULE = `use lowercase letters, digits and hyphens (at most ${MAX_TAG_LENGTH}), starting and ending with a letter or digit`;

/** A thread label as a person types it: `Billing` is `billing`. */
export const TagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(MAX_TAG_LENGTH, TAG_RULE)
  .regex(TAG_PATTERN, TAG_RULE)
  .openapi({
    example: "billing",
    description: "Lowercase letters, digits and hyphens; uppercase is lowercased",
  });

export const TagListSchema = z.array(TagSchema).max(MAX_TAGS, `at most ${MAX_TAGS} tags`);

export type TagEdit = {
  tags?: string[] | undefined;
  addTags?: string[] | undefined;
  removeTags?: string[] | undefined;
};

/**
 * The thread's tags after an edit: `tags` replaces them all; `addTags` and `removeTags` change only
 * the tags they name, so two people tagging a thread at once both keep their tag.
 */
export function editedTags(current: readonly string[], edit: TagEdit): string[] {
  const base = edit.tags ? normalized("tags", edit.tags) : current;
  const removed = new Set(normalized("removeTags", edit.removeTags ?? []));
  const added = normalized("addTags", edit.addTags ?? []);
  const next = [...new Set([...base, ...added])].filter((tag) => !removed.has(tag));
  if (next.length > MAX_TAGS) throw badRequest(`tags: a thread has at most ${MAX_TAGS} tags`);
  return next;
}

// callers other than the HTTP route (MCP tools, pages) get the same rule as its schema
function normalized(field: string, tags: readonly string[]): string[] {
  return tags.map((tag, index) => {
    const parsed = TagSchema.safeParse(tag);
    if (!parsed.success) throw badRequest(`${field}.${index}: ${TAG_RULE}`);
    return parsed.data;
  });
}
