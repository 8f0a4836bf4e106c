import { optimize, SearchMethod, TrialResult } from '@nautilus/analytics';
import { workspaceRoot } from '@nautilus/domain/testing';
import { CliInputError } from '../cli-error';
import { Command } from '../command';
import { DATA_FLAGS, dataFlagOf, loadSeries } from '../data';
import { CONFIG_FLAGS, JSON_FLAG, SEARCH_FLAGS, searchRequestOf, STRATEGY_FLAGS } from '../options';
import { cell, formatTable, isoDay, toJson } from '../output';
import { progressBar } from '../progress';

const TOP_ROWS = 10;

/** `optimize`: a grid or random search of strategy parameters, scored in-sample and reported out-of-sample. */
export const optimizeCommand: Command = {
  name: 'optimize',
  summary: 'search strategy parameters (grid or random), best by an in-sample objective, with out-of-sample scores',
  flags: {
    ...DATA_FLAGS,
    ...STRATEGY_FLAGS,
    ...SEARCH_FLAGS,
    method: { arity: 'value', value: '<grid|random>', help: 'every grid point (default) or a seeded random sample of them' },
    'max-iterations': { arity: 'value', value: '<n>', help: 'parameter sets to evaluate at most' },
    seed: { arity: 'value', value: '<n>', help: 'seed of the random search (default 0)' },
    'in-sample': { arity: 'value', value: '<fraction>', help: 'share of the bars that chooses the parameters (default 0.7)' },
    ...CONFIG_FLAGS,
    ...JSON_FLAG,
  },
  fallbackFlag: dataFlagOf,
  async run(flags, io) {
    const series = await loadSeries(flags, io, workspaceRoot());
    const method = flags.value('method') ?? 'grid';
    if (method !== 'grid' && method !== 'random') throw new CliInputError('--method', `expected grid or random, found '${method}'`);
    const maxIterations = flags.integer('max-iterations');
    const seed = flags.integer('seed');
    const inSample = flags.number('in-sample');
    const request = searchRequestOf(flags, series);
    const bar = progressBar(io.stderr, 'optimize');
    const result = optimize({
      ...request,
      method: method as SearchMethod,
      ...(maxIterations === undefined ? {} : { maxIterations }),
      ...(seed === undefined ? {} : { seed }),
      ...(inSample === undefined ? {} : { inSampleFraction: inSample }),
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.finish();
    if (flags.has('json')) {
      io.stdout.write(`${toJson(result)}\n`);
      return;
    }
    const names = Object.keys(request.parameterRanges);
    const time = series[0].time;
    const row = (t: TrialResult) => [
      ...names.map((name) => String(t.parameters[name])),
      cell(t.inSampleScore),
      cell(t.outOfSampleScore),
      cell(t.inSample.totalReturn * 100, 2),
      cell(t.outOfSample.totalReturn * 100, 2),
      String(t.inSample.numTrades),
    ];
    const ranked = [...result.trials].sort((a, b) => b.inSampleScore - a.inSampleScore).slice(0, TOP_ROWS);
    const setOf = (t: TrialResult) => names.map((name) => `${name}=${t.parameters[name]}`).join(' ');
    io.stdout.write(
      [
        `optimize ${flags.value('strategy')} on ${series.map((s) => s.symbol).join(', ')}: ${result.evaluated} of ${result.gridSize} sets (${result.skippedByConstraints} skipped by constraints), ${result.method} search, target ${flags.value('target') ?? 'sharpe_ratio'}`,
        `in-sample ${isoDay(time[0])} … ${isoDay(result.splitTime)} (${result.splitIndex} bars), out-of-sample the ${time.length - result.splitIndex} bars after`,
        '',
        `top ${ranked.length} by in-sample score:`,
        formatTable([...names, 'in-sample', 'out-of-sample', 'IS return %', 'OOS return %', 'IS trades'], ranked.map(row)),
        '',
        `best      ${setOf(result.best)}: in-sample ${cell(result.best.inSampleScore)}, out-of-sample ${cell(result.best.outOfSampleScore)}`,
        `original  ${setOf(result.original)}: in-sample ${cell(result.original.inSampleScore)}, out-of-sample ${cell(result.original.outOfSampleScore)}`,
        `deflated Sharpe ratio ${cell(result.deflatedSharpeRatio)} (the chance the best in-sample Sharpe beats luck over ${result.evaluated} trials; below 0.5: likely overfit)`,
        '',
      ].join('\n'),
    );
  },
};
