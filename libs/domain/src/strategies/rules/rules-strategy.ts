import { ValidationError } from '../../errors/domain-error';
import { ParameterSchema, ParameterValue, ParameterValues, parseParameters } from '../parameters';
import { StrategyDefinition } from '../strategy-definition';
import { CompiledRule, compileRule, RULE_FUNCTION_NAMES, SERIES_NAMES } from './compile-rule';
import { evaluateRule, ruleInputsOf } from './evaluate-rule';
import { truthOf } from './series-functions';

/** The rule parameters of the `rules` strategy; at least one entry rule is required. */
export const RULE_NAMES = ['entry_long', 'exit_long', 'entry_short', 'exit_short'] as const;

/** One rule parameter. */
export type RuleName = (typeof RULE_NAMES)[number];

const FIELD = 'strategy_parameters';

const SCHEMA: ParameterSchema = {
  position_size: { type: 'number', default: 1, min: 0.0001, max: 1, description: 'Fraction of equity per position.' },
};

/** Words that cannot name a user parameter: they already mean something in a rule. */
const RESERVED = new Set<string>([...SERIES_NAMES, ...RULE_FUNCTION_NAMES, ...RULE_NAMES, 'and', 'or', 'not', 'xor', 'mod', 'to', 'in', 'true', 'false', 'null', 'undefined']);

const isRuleName = (name: string): name is RuleName => (RULE_NAMES as readonly string[]).includes(name);

/** Returns the numeric parameters of `params`, which rules may name. */
function numericParameters(params: Readonly<Record<string, ParameterValue>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, value] of Object.entries(params)) if (typeof value === 'number') out.set(name, value);
  return out;
}

/** Returns the rules present in `params`, compiled (one mathjs parse each). */
function compileRules(params: ParameterValues): Partial<Record<RuleName, CompiledRule>> {
  const numbers = numericParameters(params);
  const out: Partial<Record<RuleName, CompiledRule>> = {};
  for (const name of RULE_NAMES) {
    const source = params[name];
    if (typeof source === 'string') out[name] = compileRule(source, `${FIELD}.${name}`, numbers);
  }
  return out;
}

/**
 * Returns raw `rules` parameters checked: rule texts are strings that compile (see
 * {@link compileRule}), `position_size` follows its schema (default 1), and any other name is a
 * user parameter: a letter then letters, digits or _, not a reserved word, with a finite number
 * as value. Null and undefined values count as absent. Throws {@link ValidationError} naming
 * `strategy_parameters.<name>`.
 */
function validateRulesParameters(raw: unknown): Record<string, ParameterValue> {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ValidationError(FIELD, 'an object of parameters', JSON.stringify(raw));
  }
  const input = (raw ?? {}) as Record<string, unknown>;
  const out: Record<string, ParameterValue> = {};
  const known: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    const field = `${FIELD}.${name}`;
    if (value === undefined || value === null) continue;
    if (Object.prototype.hasOwnProperty.call(SCHEMA, name)) {
      known[name] = value;
    } else if (isRuleName(name)) {
      if (typeof value !== 'string') throw new ValidationError(field, 'a rule expression (a string)', JSON.stringify(value));
      out[name] = value;
    } else {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || RESERVED.has(name)) {
        throw new ValidationError(field, `a rule (${RULE_NAMES.join(', ')}) or a user parameter named by a letter and letters, digits or _, not a reserved word`, JSON.stringify(name));
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ValidationError(field, `a finite number (a user parameter; rules are ${RULE_NAMES.join(', ')})`, JSON.stringify(value));
      }
      out[name] = value;
    }
  }
  Object.assign(out, parseParameters(SCHEMA, known));
  if (out.entry_long === undefined && out.entry_short === undefined) {
    throw new ValidationError(`${FIELD}.entry_long`, 'an entry rule: entry_long or entry_short', 'neither');
  }
  // Compiling is the check of the rule texts: it throws on the first bad one.
  compileRules(out);
  return out;
}

/**
 * The expression strategy: up to four rules over price series, written in a small expression
 * language and compiled once per run into whole-series typed-array computations.
 *
 * Parameters: `entry_long`, `exit_long`, `entry_short`, `exit_short` (strings; at least one
 * entry), `position_size` (fraction of equity, default 1) and any other numeric parameter, which
 * rules may use by name, e.g. `{ entry_long: "crossover(sma(close, fast), sma(close, slow))",
 * fast: 10, slow: 30 }`.
 *
 * Language: numbers, parameters, `open high low close volume`, `+ - * /`, `> < >= <= == !=`,
 * `and or not`, unary minus, parentheses, and `sma ema rsi zscore stdev highest lowest (x, n)`,
 * `atr(n)` (Wilder's ATR of the symbol's own high, low and close), `shift(x, k)`/`lag(x, k)`
 * (x k bars ago; k ≥ 0, so no look-ahead), `crossover(a, b)`, `crossunder(a, b)`,
 * `abs log exp sqrt (x)`, `min max (a, b)`. Windows and shifts are integers written as numbers
 * or parameters. `stdev` is the population σ, as in `zscore`. Booleans are 1/0; a value is true
 * when it is neither 0 nor NaN. NaN (warm-up) makes comparisons NaN, `and`/`or`/`not` follow
 * three-valued logic, so no rule fires before its indicators exist, even negated.
 *
 * Decisions, per symbol, on each bar's close (a state machine flat / long / short):
 * - flat: `entry_long` → +position_size; `entry_short` → −position_size;
 * - long: `entry_short` → −position_size (reversal); else `exit_long` → 0;
 * - short: `entry_long` → +position_size (reversal); else `exit_short` → 0;
 * - otherwise no change. Both entries true on the same bar cancel each other (no entry, no
 *   reversal); an entry in the current direction is ignored, so a position is never resized.
 *
 * Warm-up: the largest number of leading undefined bars among the rules (windows add up along
 * nesting; exact for the kernels, ignoring NaN they produce later, e.g. a zscore of a flat window).
 */
export const rulesStrategy: StrategyDefinition = {
  id: 'rules',
  description:
    'Expression rules: entry_long/exit_long/entry_short/exit_short over open, high, low, close, volume, indicators (sma, ema, rsi, atr, zscore, stdev, highest, lowest, crossover, crossunder, shift) and numeric parameters.',
  parameters: SCHEMA,
  validateParameters: validateRulesParameters,
  minSymbols: 1,
  warmupBars: (params) => Math.max(0, ...Object.values(compileRules(params)).map((r) => r.warmupBars)),
  prepare: (market, params, cache) => {
    const { n, k } = market;
    const size = params.position_size as number;
    const rules = compileRules(params);
    const inputs = ruleInputsOf(market);
    const never = new Uint8Array(n * k);
    const fires = (rule: CompiledRule | undefined) => (rule ? truthOf(evaluateRule(rule.expr, inputs, cache), n * k) : never);
    const entryLong = fires(rules.entry_long);
    const exitLong = fires(rules.exit_long);
    const entryShort = fires(rules.entry_short);
    const exitShort = fires(rules.exit_short);
    const state = new Int8Array(k);
    return {
      decide: (i, s) => {
        const j = s * n + i;
        const long = entryLong[j] === 1 && entryShort[j] === 0;
        const short = entryShort[j] === 1 && entryLong[j] === 0;
        const st = state[s];
        if (st !== 1 && long) {
          state[s] = 1;
          return size;
        }
        if (st !== -1 && short) {
          state[s] = -1;
          return -size;
        }
        if ((st === 1 && exitLong[j] === 1) || (st === -1 && exitShort[j] === 1)) {
          state[s] = 0;
          return 0;
        }
        return NaN;
      },
    };
  },
};
