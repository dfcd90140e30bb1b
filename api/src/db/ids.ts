const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Row ids are UUIDs; anything else from a URL is simply not found (Postgres would reject the cast). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
