/**
 * The addresses a note mentions: `@ada@acme.com`, an address right after an `@` that does not
 * itself stand inside a word. Punctuation that ends a sentence is not part of the address.
 */
export function mentionedAddresses(body: string): string[] {
  const found = new Set<string>();
  for (const match of body.matchAll(/(?<=^|[\s([{<"'])@([^\s@<>()[\]{},;:"']+@[^\s@<>()[\]{},;:"']+)/g)) {
    const address = match[1]!.replace(/[.!?-]+$/, "").toLowerCase();
    if (/^[^@]+@[^@.]+(\.[^@.]+)+$/.test(address)) found.add(address);
  }
  return [...found];
}
