import { BUILT_IN_STRATEGIES, StrategyDefinition, strategyFromModule, StrategyRegistry, ValidationError } from '@nautilus/domain';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The environment variable naming the folder of strategy modules (docs/strategy-modules.md). */
export const STRATEGIES_DIR_ENV = 'BACKTESTING_STRATEGIES_DIR';

/** Module files: JavaScript, or TypeScript compiled on require; declarations and tests are skipped. */
const isModuleFile = (file: string) => /\.(c?js|ts)$/.test(file) && !/\.d\.ts$|\.(spec|test)\.[cm]?[jt]s$/.test(file);

/** Lets require() load TypeScript when no loader (ts-node, tsx, Jest) already does, through tsx if it is installed. */
function ensureTypeScriptLoader(path: string): void {
  // This file running as .ts proves a loader is active; Jest's require does not list it in require.extensions.
  if (__filename.endsWith('.ts') || require.extensions['.ts']) return;
  try {
    (require('tsx/cjs/api') as { register: () => void }).register();
  } catch {
    throw new ValidationError(`strategy_modules[${path}]`, 'a .js module, or tsx installed to load TypeScript', 'a .ts file and no TypeScript loader');
  }
}

/** Returns a module file's default export (`export default` or `module.exports =`). */
function requireModule(path: string): unknown {
  if (path.endsWith('.ts')) ensureTypeScriptLoader(path);
  let exported: unknown;
  try {
    exported = require(path);
  } catch (error) {
    throw new ValidationError(`strategy_modules[${path}]`, 'a module that loads', (error as Error).message);
  }
  return typeof exported === 'object' && exported !== null && 'default' in exported ? (exported as { default: unknown }).default : exported;
}

/**
 * Returns the strategies of every module file in `dir` (relative to the working directory), in
 * file-name order. Throws {@link ValidationError} naming the file when the folder is missing, a
 * module fails to load or is malformed, or its id is already taken by a built-in or another module.
 */
export function loadStrategyModules(dir: string): StrategyDefinition[] {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new ValidationError(STRATEGIES_DIR_ENV, 'a folder of strategy modules', `${root} (no such folder)`);
  const taken = new Set(BUILT_IN_STRATEGIES.map((d) => d.id));
  const definitions: StrategyDefinition[] = [];
  for (const file of readdirSync(root).filter(isModuleFile).sort()) {
    const path = join(root, file);
    const definition = strategyFromModule(requireModule(path), path);
    if (taken.has(definition.id)) throw new ValidationError(`strategy_modules[${path}].id`, 'an id no other strategy has', definition.id);
    taken.add(definition.id);
    definitions.push(definition);
  }
  return definitions;
}

/**
 * Returns the registry of the built-in strategies plus, when `env` names a strategies folder, its
 * modules. The API and every worker thread build their own from the same environment, so a job
 * can run any strategy the API accepted.
 */
export function createStrategyRegistry(env: NodeJS.ProcessEnv = process.env): StrategyRegistry {
  const dir = env[STRATEGIES_DIR_ENV];
  return new StrategyRegistry(dir ? [...BUILT_IN_STRATEGIES, ...loadStrategyModules(dir)] : BUILT_IN_STRATEGIES);
}
