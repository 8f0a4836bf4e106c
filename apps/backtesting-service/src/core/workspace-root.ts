import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Returns the nearest folder above `from` holding nx.json, or the current directory when none does. */
export function findWorkspaceRoot(from: string = __dirname): string {
  let dir = resolve(from);
  while (!existsSync(join(dir, 'nx.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}
