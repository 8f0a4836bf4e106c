import { BUILT_IN_STRATEGIES } from '@nautilus/domain';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStrategyRegistry, loadStrategyModules, STRATEGIES_DIR_ENV } from './strategy-modules';
import { workspaceRootOf } from '@nautilus/hardware-router';

const EXAMPLES = join(workspaceRootOf(), 'examples', 'strategies');

/** Returns a fresh folder holding `files` (name → source). */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nautilus-modules-'));
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return dir;
}

const JS_MODULE = (id: string) =>
  `module.exports = { id: '${id}', description: 'Holds.', parameters: {}, signals: (m) => new Float64Array(m.n * m.k).fill(1) };\n`;

describe('loadStrategyModules', () => {
  it('loads the TypeScript examples in file-name order', () => {
    const definitions = loadStrategyModules(EXAMPLES);
    expect(definitions.map((d) => d.id)).toEqual(['breakout_bracket', 'rsi_threshold']);
    expect(definitions[0].eventStrategy).toBeDefined();
    expect(definitions[1].eventStrategy).toBeUndefined();
  });

  it('loads CommonJS modules and skips declarations and tests', () => {
    const dir = folderWith({ 'hold.js': JS_MODULE('hold_all'), 'hold.d.ts': 'export {};\n', 'hold.spec.js': 'throw new Error("not a module");\n', 'notes.md': '# notes\n' });
    expect(loadStrategyModules(dir).map((d) => d.id)).toEqual(['hold_all']);
  });

  it('names the file when a module fails to load, is malformed or takes an id already taken', () => {
    const broken = folderWith({ 'broken.js': 'throw new Error("boom");\n' });
    expect(() => loadStrategyModules(broken)).toThrow(`strategy_modules[${join(broken, 'broken.js')}]: expected a module that loads, found boom`);
    const malformed = folderWith({ 'bad.js': 'module.exports = { id: "bad", parameters: {}, signals: () => null };\n' });
    expect(() => loadStrategyModules(malformed)).toThrow(`strategy_modules[${join(malformed, 'bad.js')}].description: expected a non-empty string`);
    const builtIn = folderWith({ 'sma.js': JS_MODULE('sma_crossover') });
    expect(() => loadStrategyModules(builtIn)).toThrow(`strategy_modules[${join(builtIn, 'sma.js')}].id: expected an id no other strategy has, found sma_crossover`);
    const twice = folderWith({ 'a.js': JS_MODULE('hold_all'), 'b.js': JS_MODULE('hold_all') });
    expect(() => loadStrategyModules(twice)).toThrow(`strategy_modules[${join(twice, 'b.js')}].id`);
  });

  it('names the environment variable when the folder is missing', () => {
    expect(() => loadStrategyModules('/nonexistent/strategies')).toThrow(`${STRATEGIES_DIR_ENV}: expected a folder of strategy modules, found /nonexistent/strategies (no such folder)`);
  });
});

describe('createStrategyRegistry', () => {
  it('holds the built-ins, plus the modules of the folder the environment names', () => {
    const builtIns = BUILT_IN_STRATEGIES.map((d) => d.id);
    expect(createStrategyRegistry({}).ids()).toEqual(builtIns);
    expect(createStrategyRegistry({ [STRATEGIES_DIR_ENV]: EXAMPLES }).ids()).toEqual([...builtIns, 'breakout_bracket', 'rsi_threshold']);
  });
});
