/**
 * Looking a value up in a constant table by a name that came from a request. `table[name]` would
 * find Object.prototype's members for "constructor", "__proto__" or "hasOwnProperty" (and then
 * fail somewhere far away, as a 500); only the table's own entries count.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
