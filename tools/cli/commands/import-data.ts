import { parseMarketDataFrequency } from '@nautilus/marketdata-client';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { importBars } from '../../import/import-bars';
import { CliInputError } from '../cli-error';
import { Command } from '../command';
import { JSON_FLAG } from '../options';
import { isoDay, toJson } from '../output';

/** `import-data`: one symbol's bars from a CSV or Parquet file into the embedded store (tools/import/import-bars.ts). */
export const importDataCommand: Command = {
  name: 'import-data',
  summary: 'import one symbol from a CSV or Parquet file into the embedded store',
  flags: {
    file: { arity: 'value', value: '<bars.csv|bars.parquet>', help: 'the file to import (required)' },
    symbol: { arity: 'value', value: '<SYMBOL>', help: 'the symbol to store it under (required)' },
    store: { arity: 'value', value: '<bars.sqlite>', help: 'the embedded store (default MARKETDATA_STORE_PATH; created when missing)' },
    frequency: { arity: 'value', value: '<1m|5m|1h|1d>', help: 'the bars’ frequency (default: inferred from their spacing)' },
    ...JSON_FLAG,
  },
  fallbackFlag: () => '--file',
  async run(flags, io) {
    const file = flags.required('file', 'the CSV or Parquet file to import');
    const symbol = flags.required('symbol', 'the symbol to store the bars under');
    const store = flags.value('store') ?? (io.env.MARKETDATA_STORE_PATH?.trim() || undefined);
    if (store === undefined) throw new CliInputError('--store', 'required: the embedded store file (or set MARKETDATA_STORE_PATH)');
    if (!existsSync(resolve(io.cwd, file))) throw new CliInputError('--file', `no such file: ${file}`);
    const frequency = flags.value('frequency');
    const result = await importBars({
      storePath: resolve(io.cwd, store),
      symbol,
      file: resolve(io.cwd, file),
      ...(frequency === undefined ? {} : { frequency: parseMarketDataFrequency(frequency) }),
    });
    if (flags.has('json')) {
      io.stdout.write(`${toJson({ ...result, store: resolve(io.cwd, store) })}\n`);
      return;
    }
    io.stdout.write(
      `imported ${result.bars} ${result.frequency} bars of ${result.symbol} (${isoDay(result.firstTimeMs)} … ${isoDay(result.lastTimeMs)}${result.adjusted ? ', with adj_factor' : ''}) into ${store}\n`,
    );
  },
};
