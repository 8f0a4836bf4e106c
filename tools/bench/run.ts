/**
 * Runs one benchmark file as the service's worker threads run code: bundled by esbuild into
 * dist/bench (workspace libraries inlined), then executed by plain node. Under tsx every call
 * across modules goes through an export getter, which would time the loader rather than the
 * engine. Run: `npx tsx tools/bench/run.ts engine/engine.bench.ts [args…]`.
 */
import { bundleTypeScript, workspaceRootOf } from '@nautilus/hardware-router';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Bundles `file` (relative to tools/bench) and runs it with `args`; resolves with what it printed on stdout. */
export function runBundledBench(file: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const bundle = bundleTypeScript(join(__dirname, file), join('dist', 'bench'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], { cwd: workspaceRootOf(__dirname), env, stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(printed) : reject(new Error(`${file} exited with code ${code}`))));
  });
}

if (require.main === module) {
  const [file, ...args] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx tools/bench/run.ts <file under tools/bench> [args…]');
    process.exit(2);
  }
  runBundledBench(file, args).catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}
