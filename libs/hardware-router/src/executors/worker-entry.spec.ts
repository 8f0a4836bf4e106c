import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleTypeScript, workerEntryFor, workspaceRootOf } from './worker-entry';

/** A throw-away workspace: a root marker, a tsconfig and an entry importing a second module. */
function workspace(): { root: string; entry: string; dep: string } {
  const root = mkdtempSync(join(tmpdir(), 'nautilus-bundle-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true } }));
  const dep = join(root, 'dep.ts');
  writeFileSync(dep, 'export const answer = (x: number): number => x * 2;\n');
  const entry = join(root, 'entry.ts');
  writeFileSync(entry, "import { answer } from './dep';\nexport const result: number = answer(21);\n");
  return { root, entry, dep };
}

describe('bundleTypeScript', () => {
  it('bundles an entry with its imports into one file that runs without a TypeScript loader', () => {
    const { root, entry } = workspace();
    const out = bundleTypeScript(entry, 'out');
    expect(out).toBe(join(root, 'out', 'entry.js'));
    expect(readFileSync(out, 'utf8')).not.toContain("require('./dep')");
    expect((require(out) as { result: number }).result).toBe(42);
  });

  it('reuses a bundle newer than its inputs and rebuilds it when an input changes', () => {
    const { entry, dep } = workspace();
    const out = bundleTypeScript(entry, 'out');
    const built = statSync(out).mtimeMs;
    expect(bundleTypeScript(entry, 'out')).toBe(out);
    expect(statSync(out).mtimeMs).toBe(built);
    writeFileSync(dep, 'export const answer = (x: number): number => x * 3;\n');
    const later = new Date(built + 5_000);
    utimesSync(dep, later, later);
    bundleTypeScript(entry, 'out');
    expect(readFileSync(out, 'utf8')).toContain('x * 3');
  });

  it('throws on a source that does not compile, so that callers can fall back', () => {
    const { root } = workspace();
    const broken = join(root, 'broken.ts');
    writeFileSync(broken, 'export const = ;\n');
    expect(() => bundleTypeScript(broken, 'out')).toThrow();
  });
});

describe('workerEntryFor', () => {
  it('starts the compute worker from a bundle under dist/workers of the workspace', () => {
    const entry = workerEntryFor('libs/hardware-router/src/workers/compute.worker.ts');
    expect(entry.eval).toBe(false);
    expect(entry.source).toBe(join(workspaceRootOf(__dirname), 'dist', 'workers', 'compute.worker.js'));
  });
});
