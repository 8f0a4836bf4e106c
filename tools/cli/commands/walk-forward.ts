import { walkForward } from '@nautilus/analytics';
import { workspaceRoot } from '@nautilus/domain/testing';
import { CliInputError } from '../cli-error';
import { Command } from '../command';
import { DATA_FLAGS, dataFlagOf, loadSeries } from '../data';
import { CONFIG_FLAGS, JSON_FLAG, SEARCH_FLAGS, searchRequestOf, STRATEGY_FLAGS } from '../options';
import { cell, formatTable, isoDay, toJson } from '../output';

/** `walk-forward`: choose parameters on each train window, apply them on the next test window, stitch the tests. */
export const walkForwardCommand: Command = {
  name: 'walk-forward',
  summary: 'walk-forward analysis: parameters chosen on each train window, scored on the test window after it',
  flags: {
    ...DATA_FLAGS,
    ...STRATEGY_FLAGS,
    ...SEARCH_FLAGS,
    train: { arity: 'value', value: '<bars>', help: 'bars in each train window (required)' },
    test: { arity: 'value', value: '<bars>', help: 'bars in each test window (required)' },
    step: { arity: 'value', value: '<bars>', help: 'bars between window starts (default: --test)' },
    anchored: { arity: 'switch', help: 'train windows all start at the first bar' },
    ...CONFIG_FLAGS,
    ...JSON_FLAG,
  },
  fallbackFlag: dataFlagOf,
  async run(flags, io) {
    const trainBars = flags.integer('train');
    const testBars = flags.integer('test');
    if (trainBars === undefined) throw new CliInputError('--train', 'required: bars in each train window');
    if (testBars === undefined) throw new CliInputError('--test', 'required: bars in each test window');
    const stepBars = flags.integer('step');
    const series = await loadSeries(flags, io, workspaceRoot());
    const request = searchRequestOf(flags, series);
    const result = walkForward(request, { trainBars, testBars, ...(stepBars === undefined ? {} : { stepBars }), anchored: flags.has('anchored') });
    if (flags.has('json')) {
      io.stdout.write(`${toJson(result)}\n`);
      return;
    }
    const names = Object.keys(request.parameterRanges);
    const time = series[0].time;
    // A window where no set could be scored (each warm-up covers its training bars) chooses none.
    const chosen = (p: Readonly<Record<string, number | boolean>> | null) => (p ? names.map((name) => `${name}=${p[name]}`).join(' ') : 'none');
    const rows = result.steps.map((s) => [
      `${isoDay(time[s.trainStart])} … ${isoDay(time[s.trainEnd - 1])}`,
      `${isoDay(time[s.testStart])} … ${isoDay(time[s.testEnd - 1])}`,
      chosen(s.parameters),
      cell(s.inSampleScore),
      cell(s.outOfSampleScore),
      cell(s.outOfSample.totalReturn * 100, 2),
    ]);
    const oos = result.outOfSample;
    io.stdout.write(
      [
        `walk-forward ${flags.value('strategy')} on ${series.map((s) => s.symbol).join(', ')}: ${result.steps.length} windows of ${trainBars} train + ${testBars} test bars${flags.has('anchored') ? ' (anchored)' : ''}, ${result.parameterSets} parameter sets each`,
        '',
        formatTable(['train', 'test', 'chosen', 'train score', 'test score', 'test return %'], rows),
        '',
        `stitched out-of-sample: return ${cell(oos.totalReturn * 100, 2)} %, Sharpe ${cell(oos.sharpeRatio)}, max drawdown ${cell(oos.maxDrawdown * 100, 2)} %, ${oos.numTrades} trades, final equity ${cell(result.equity[result.equity.length - 1], 2)}`,
        '',
      ].join('\n'),
    );
  },
};
