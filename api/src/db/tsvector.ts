import { customType } from "drizzle-orm/pg-core";

/** A full-text search document. The app never reads one: only the database compares them. */
export const tsvector = customType<{ data: string }>({
  dataType() {
    return "tsvector";
  },
});
