/**
 * `npm run bench`: runs every benchmark in its own process, one after another (so none inherits
 * another's JIT state or heap), and writes their figures with the machine's details between the
 * bench markers of docs/performance.md. Each figure sits beside a baseline and the naive method
 * measured in the same process, so ratios carry over between machines; absolute rates do not.
 * Flags: `--api` also runs the service load test (it starts the server); `--out <file>` writes the
 * generated section to another file instead.
 */
import { probeHardware } from '@nautilus/hardware-router';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { BenchCase, BenchSection, ratePerSecond } from './harness';
import { runBundledBench } from './run';

const ROOT = join(__dirname, '..', '..');
const DOC = join(ROOT, 'docs', 'performance.md');
const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';

const BENCHES = ['engine/engine.bench.ts', 'optimize/optimize.bench.ts', 'montecarlo/montecarlo.bench.ts', 'onnx/onnx.bench.ts', 'indicators/indicators.bench.ts'];

/** Runs one benchmark file bundled (see run.ts), echoing its output; resolves with what it printed. */
function runBench(file: string, jsonPath: string): Promise<string> {
  console.log(`\n▶ ${file}`);
  return runBundledBench(file, [], { ...process.env, BENCH_JSON: jsonPath });
}

/** Formats a rate per second with an SI prefix and three significant digits, e.g. `7.95 M bars/s`. */
function rate(x: number, unit: string): string {
  const [scale, prefix] = x >= 1e9 ? [1e9, 'G '] : x >= 1e6 ? [1e6, 'M '] : x >= 1e3 ? [1e3, 'k '] : [1, ''];
  return `${(x / scale).toPrecision(3)} ${prefix}${unit}/s`;
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

async function machineTable(): Promise<string> {
  const list = cpus();
  const hw = await probeHardware();
  const accelerators = Object.entries(hw.accelerators)
    .map(([name, a]) => `${name}: ${a.available ? 'available' : `unavailable (${a.reason})`}`)
    .join('; ');
  const rows: [string, string][] = [
    ['Date', `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`],
    ['CPU', `${list[0]?.model.trim() ?? 'unknown'}, ${list.length} logical CPUs (availableParallelism ${availableParallelism()})`],
    ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB`],
    ['OS', `${process.platform} ${process.arch}, kernel ${release()}`],
    ['Node', process.version],
    ['onnxruntime-node', hw.onnx.available ? `${hw.onnx.version}; sessions ran with: ${hw.onnx.providers.join(', ') || 'none'}` : `unavailable (${hw.onnx.reason})`],
    ['Accelerators', accelerators],
  ];
  return ['| Machine | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v.replace(/\|/g, '\\|')} |`)].join('\n');
}

function summaryTable(sections: readonly BenchSection[]): string {
  const lines = [
    '| Measure | Ours | Plain loop over the same arrays | Naive method | Ours ÷ naive |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const s of sections) {
    if (s.id === 'indicators') continue;
    const base = s.cases.find((c) => c.role === 'baseline');
    const naive = s.cases.find((c) => c.role === 'naive');
    for (const c of s.cases.filter((x) => x.headline)) {
      const of = (x: BenchCase | undefined) => (x ? rate(ratePerSecond(x), s.unit) : '–');
      lines.push(`| ${c.headline} | ${of(c)} | ${of(base)} | ${of(naive)} | ${naive ? `${(ratePerSecond(c) / ratePerSecond(naive)).toFixed(1)}×` : '–'} |`);
    }
  }
  return lines.join('\n');
}

function indicatorTable(section: BenchSection | undefined): string {
  if (!section) return '';
  const lines = [
    `Indicators on ${section.cases[0].units.toLocaleString('en-US')} values, best of several runs in ms (lower is better):`,
    '',
    '| Indicator | Ours | technicalindicators | trading-signals | Plain loop | Fastest |',
    '|---|---:|---:|---:|---:|---|',
  ];
  const base = section.cases.find((c) => c.role === 'baseline') as BenchCase;
  for (const ours of section.cases.filter((c) => c.headline)) {
    const label = ours.headline as string;
    const of = (lib: string) => section.cases.find((c) => c.name.startsWith(`${label}: ${lib}`)) as BenchCase;
    const ti = of('technicalindicators');
    const ts = of('trading-signals');
    const fastest = [
      ['ours', ours],
      ['technicalindicators', ti],
      ['trading-signals', ts],
    ].sort((a, b) => (a[1] as BenchCase).bestMs - (b[1] as BenchCase).bestMs)[0][0];
    lines.push(`| ${label} | ${ms(ours.bestMs)} | ${ms(ti.bestMs)} | ${ms(ts.bestMs)} | ${ms(base.bestMs)} | ${fastest} |`);
  }
  return lines.join('\n');
}

function detailTables(sections: readonly BenchSection[]): string {
  return sections
    .map((s) => {
      const rows = s.cases.map((c) => `| ${c.name} | ${c.role} | ${ms(c.bestMs)} | ${ms(c.medianMs)} | ${rate(ratePerSecond(c), s.unit)} |`);
      const notes = s.cases.filter((c) => c.note).map((c) => `- ${c.name}: ${c.note}`);
      return [`#### ${s.title}`, '', s.detail, '', '| Case | Role | Best ms | Median ms | Rate (best) |', '|---|---|---:|---:|---:|', ...rows, ...(notes.length ? ['', ...notes] : [])].join('\n');
    })
    .join('\n\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--out');
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const jsonPath = join(mkdtempSync(join(tmpdir(), 'nautilus-bench-')), 'results.jsonl');
  writeFileSync(jsonPath, '');
  for (const file of BENCHES) await runBench(file, jsonPath);
  const api = args.includes('--api') ? await runBench('api/api.bench.ts', jsonPath) : undefined;
  const sections = readFileSync(jsonPath, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as BenchSection);

  const block = [
    BEGIN,
    '',
    '### Latest run',
    '',
    await machineTable(),
    '',
    'Each row: ours, a plain loop over the same arrays (the memory floor) and the naive method, measured in the same process; rates at the best of several runs.',
    '',
    summaryTable(sections),
    '',
    indicatorTable(sections.find((s) => s.id === 'indicators')),
    '',
    '<details><summary>Every case, with medians</summary>',
    '',
    detailTables(sections),
    ...(api ? ['', '#### Service load test (`--api`)', '', '```text', api.trim(), '```'] : []),
    '',
    '</details>',
    '',
    END,
  ].join('\n');

  if (out) {
    writeFileSync(out, `${block}\n`);
  } else {
    const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '';
    const start = doc.indexOf(BEGIN);
    const end = doc.indexOf(END);
    writeFileSync(DOC, start >= 0 && end > start ? `${doc.slice(0, start)}${block}${doc.slice(end + END.length)}` : `${doc}\n${block}\n`);
  }
  console.log(`\nwrote ${out ?? DOC}`);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
