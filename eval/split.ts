/**
 * Every evaluation item is in one of two parts, fixed by its id alone: `dev` (look at it, develop
 * against it) and `test` (held out: report its numbers, never read its items while changing code).
 * FNV-1a over the id, so the split does not move when items are added or reordered.
 */
export type Part = 'dev' | 'test';

export function partOf(id: string): Part {
  let h = 0x811c9dc5;
  for (const ch of id) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 2 === 0 ? 'dev' : 'test';
}
