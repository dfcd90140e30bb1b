/**
 * The one cast of the fakes: an object that has some of a real Apps Script interface's methods,
 * typed as the interface. Safe because the add-on is type-checked against the real interface
 * (it can call nothing the real service lacks) and a method the fake leaves out throws when called.
 * The keys a fake gives are checked: `keyof T` rejects a method the real service does not have.
 */
export function asService<T>(implemented: { [K in keyof T]?: unknown }): T {
  return implemented as T;
}

/** An Apps Script enum as the fakes give it: each member's value is its name. */
export function fakeEnum<E>(names: readonly (keyof E & string)[]): E {
  return Object.fromEntries(names.map((name) => [name, name])) as E;
}
