/**
 * Deepest nesting of arrays and objects a request body may have. The deepest valid body nests 5
 * levels (walk_forward.parameter_ranges.fast.[…]); class-transformer and the validation pipe recurse
 * once per level, so a body of thousands of levels overflowed the stack (a 500) before this limit.
 */
export const MAX_JSON_DEPTH = 32;

/** Returns whether `value` nests arrays and objects more than `max` levels deep; iterative, so it cannot overflow the stack itself. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}
