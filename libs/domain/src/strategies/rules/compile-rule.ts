import type { ConstantNode, FunctionNode, MathNode, OperatorNode, OperatorNodeFn, OperatorNodeOp, ParenthesisNode, SymbolNode } from 'mathjs';
import { ValidationError } from '../../errors/domain-error';
import { parseExpression } from './parse-expression';
import { BinaryOp, UnaryOp, WindowFunction, windowLeadBars } from './series-functions';

/** Price columns a rule may name. */
export const SERIES_NAMES = ['open', 'high', 'low', 'close', 'volume'] as const;

/** One price column. */
export type SeriesName = (typeof SERIES_NAMES)[number];

/** Longest rule accepted, in characters. */
export const MAX_RULE_LENGTH = 500;

/** Largest window or shift accepted, in bars (as the built-in strategies' windows). */
export const MAX_WINDOW_BARS = 10_000;

/** A validated rule expression, ready to evaluate over whole series. */
export type RuleExpr =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'series'; readonly name: SeriesName }
  | { readonly kind: 'unary'; readonly op: UnaryOp; readonly arg: RuleExpr }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: RuleExpr; readonly right: RuleExpr }
  /** `key` names the result in an indicator cache: the function, its argument and window. */
  | { readonly kind: 'window'; readonly fn: WindowFunction; readonly arg: RuleExpr; readonly bars: number; readonly key: string }
  | { readonly kind: 'atr'; readonly bars: number; readonly key: string }
  | { readonly kind: 'shift'; readonly arg: RuleExpr; readonly bars: number }
  | { readonly kind: 'cross'; readonly direction: 'over' | 'under'; readonly left: RuleExpr; readonly right: RuleExpr };

/** A compiled rule: its source, its expression and the leading bars on which it cannot yet be defined. */
export interface CompiledRule {
  readonly source: string;
  readonly expr: RuleExpr;
  /** Leading NaN bars of the expression (exact for the kernels, before any NaN they produce inside the series). */
  readonly warmupBars: number;
}

type ArgumentKind = 'series' | 'window' | 'lag';

/** Signature of each function: what each argument must be. */
const FUNCTIONS: ReadonlyMap<string, readonly ArgumentKind[]> = new Map<string, readonly ArgumentKind[]>([
  ['sma', ['series', 'window']],
  ['ema', ['series', 'window']],
  ['rsi', ['series', 'window']],
  ['zscore', ['series', 'window']],
  ['stdev', ['series', 'window']],
  ['highest', ['series', 'window']],
  ['lowest', ['series', 'window']],
  ['atr', ['window']],
  ['shift', ['series', 'lag']],
  ['lag', ['series', 'lag']],
  ['crossover', ['series', 'series']],
  ['crossunder', ['series', 'series']],
  ['abs', ['series']],
  ['log', ['series']],
  ['exp', ['series']],
  ['sqrt', ['series']],
  ['min', ['series', 'series']],
  ['max', ['series', 'series']],
]);

/** Names a rule may call as functions. */
export const RULE_FUNCTION_NAMES: readonly string[] = [...FUNCTIONS.keys()];

const ARGUMENT_NAMES: Readonly<Record<ArgumentKind, string>> = { series: 'x', window: 'window', lag: 'bars' };

const BINARY_OPERATORS: ReadonlyMap<string, BinaryOp> = new Map<string, BinaryOp>([
  ['add', 'add'],
  ['subtract', 'subtract'],
  ['multiply', 'multiply'],
  ['divide', 'divide'],
  ['larger', 'larger'],
  ['smaller', 'smaller'],
  ['largerEq', 'largerEq'],
  ['smallerEq', 'smallerEq'],
  ['equal', 'equal'],
  ['unequal', 'unequal'],
  ['and', 'and'],
  ['or', 'or'],
]);

const UNARY_OPERATORS: ReadonlyMap<string, UnaryOp> = new Map<string, UnaryOp>([
  ['unaryMinus', 'negate'],
  ['not', 'not'],
]);

const ELEMENTWISE_FUNCTIONS: ReadonlyMap<string, UnaryOp | BinaryOp> = new Map<string, UnaryOp | BinaryOp>([
  ['abs', 'abs'],
  ['log', 'log'],
  ['exp', 'exp'],
  ['sqrt', 'sqrt'],
  ['min', 'min'],
  ['max', 'max'],
]);

/** What the mathjs node types that rules do not allow are, for error messages. */
const REJECTED_NODES: Readonly<Record<string, string>> = {
  AssignmentNode: 'an assignment',
  FunctionAssignmentNode: 'a function definition',
  ArrayNode: 'a matrix',
  ObjectNode: 'an object',
  AccessorNode: 'a property or index access',
  IndexNode: 'an index',
  BlockNode: 'several statements',
  ConditionalNode: 'a conditional (?:)',
  RangeNode: 'a range',
  RelationalNode: 'a chained comparison',
};

const ALLOWED =
  'numbers, numeric parameters, open/high/low/close/volume, + - * / > < >= <= == != and or not, parentheses and the functions ' +
  RULE_FUNCTION_NAMES.join(', ');

type AnyOperatorNode = OperatorNode<OperatorNodeOp, OperatorNodeFn>;

interface Compiled {
  readonly expr: RuleExpr;
  /** Canonical text with parameters replaced by their values: equal texts give equal series. */
  readonly text: string;
  readonly lead: number;
}

/** Compiles one rule, reporting every problem on `field`. */
class RuleCompiler {
  constructor(
    private readonly source: string,
    private readonly field: string,
    private readonly parameters: ReadonlyMap<string, number>,
  ) {}

  private fail(expected: string, found: string): ValidationError {
    return new ValidationError(this.field, expected, found);
  }

  /** Returns ` at char N` (1-based, as mathjs counts) for the first whole-word occurrence of `name`, or ''. */
  private positionOf(name: string): string {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`(?<![\\p{L}\\p{N}_$])${escaped}(?![\\p{L}\\p{N}_$])`, 'u').exec(this.source);
    return match ? ` at char ${match.index + 1}` : '';
  }

  compile(node: MathNode): Compiled {
    switch (node.type) {
      case 'ParenthesisNode':
        return this.compile((node as ParenthesisNode).content);
      case 'ConstantNode':
        return this.constant(node as ConstantNode);
      case 'SymbolNode':
        return this.symbol(node as SymbolNode);
      case 'OperatorNode':
        return this.operator(node as AnyOperatorNode);
      case 'FunctionNode':
        return this.call(node as FunctionNode<MathNode>);
      default: {
        const text = node.toString();
        const what = REJECTED_NODES[node.type] ?? `a ${node.type}`;
        throw this.fail(ALLOWED, `${what}: '${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`);
      }
    }
  }

  private constant(node: ConstantNode): Compiled {
    // mathjs types constants as numbers, but strings, booleans and null parse as constants too.
    const value: unknown = node.value;
    if (typeof value === 'boolean') return { expr: { kind: 'constant', value: value ? 1 : 0 }, text: value ? '1' : '0', lead: 0 };
    if (typeof value !== 'number') throw this.fail(`a number (${ALLOWED})`, `the ${typeof value} constant ${node.toString()}`);
    return { expr: { kind: 'constant', value }, text: String(value), lead: 0 };
  }

  private symbol(node: SymbolNode): Compiled {
    const { name } = node;
    if ((SERIES_NAMES as readonly string[]).includes(name)) return { expr: { kind: 'series', name: name as SeriesName }, text: name, lead: 0 };
    const value = this.parameters.get(name);
    if (value !== undefined) return { expr: { kind: 'constant', value }, text: String(value), lead: 0 };
    const hint = FUNCTIONS.has(name) ? ` (${name} is a function: call it)` : '';
    const known = [...SERIES_NAMES, ...this.parameters.keys()].join(', ');
    throw this.fail(`a known identifier (${known})`, `unknown identifier '${name}'${this.positionOf(name)}${hint}`);
  }

  private operator(node: AnyOperatorNode): Compiled {
    const fn = node.fn;
    const args = node.args;
    const unary = UNARY_OPERATORS.get(fn);
    if (unary && args.length === 1) {
      const arg = this.compile(args[0]);
      return { expr: { kind: 'unary', op: unary, arg: arg.expr }, text: `${fn}(${arg.text})`, lead: arg.lead };
    }
    const binary = BINARY_OPERATORS.get(fn);
    if (binary && args.length === 2) {
      const left = this.compile(args[0]);
      const right = this.compile(args[1]);
      return { expr: { kind: 'binary', op: binary, left: left.expr, right: right.expr }, text: `${fn}(${left.text},${right.text})`, lead: Math.max(left.lead, right.lead) };
    }
    const op = node.op;
    const at = this.source.indexOf(op);
    throw this.fail(`one of the operators + - * / > < >= <= == != and or not`, `operator '${op}'${at >= 0 ? ` at char ${at + 1}` : ''}`);
  }

  private call(node: FunctionNode<MathNode>): Compiled {
    if (node.fn.type !== 'SymbolNode') throw this.fail(`a call of one of the functions ${RULE_FUNCTION_NAMES.join(', ')}`, `a call of '${node.fn.toString()}'`);
    const name = (node.fn as SymbolNode).name;
    const signature = FUNCTIONS.get(name);
    if (!signature) throw this.fail(`one of the functions ${RULE_FUNCTION_NAMES.join(', ')}`, `unknown function '${name}'${this.positionOf(name)}`);
    const usage = `${name}(${signature.map((a) => ARGUMENT_NAMES[a]).join(', ')})`;
    if (node.args.length !== signature.length) {
      throw this.fail(`${usage} with ${signature.length} argument${signature.length > 1 ? 's' : ''}`, `${node.args.length} in '${node.toString()}'`);
    }
    const args = node.args;
    switch (name) {
      case 'sma':
      case 'ema':
      case 'rsi':
      case 'zscore':
      case 'stdev':
      case 'highest':
      case 'lowest': {
        const fn = name as WindowFunction;
        const arg = this.compile(args[0]);
        const bars = this.bars(args[1], usage, 'window', 1);
        const text = `${fn}(${arg.text},${bars})`;
        return { expr: { kind: 'window', fn, arg: arg.expr, bars, key: `rules:${text}` }, text, lead: arg.lead + windowLeadBars(fn, bars) };
      }
      case 'atr': {
        const bars = this.bars(args[0], usage, 'window', 1);
        return { expr: { kind: 'atr', bars, key: `rules:atr(${bars})` }, text: `atr(${bars})`, lead: bars - 1 };
      }
      case 'shift':
      case 'lag': {
        const arg = this.compile(args[0]);
        const bars = this.bars(args[1], usage, 'bars', 0);
        return { expr: { kind: 'shift', arg: arg.expr, bars }, text: `shift(${arg.text},${bars})`, lead: arg.lead + bars };
      }
      case 'crossover':
      case 'crossunder': {
        const left = this.compile(args[0]);
        const right = this.compile(args[1]);
        const direction = name === 'crossover' ? 'over' : 'under';
        return { expr: { kind: 'cross', direction, left: left.expr, right: right.expr }, text: `${name}(${left.text},${right.text})`, lead: Math.max(left.lead, right.lead) + 1 };
      }
      default: {
        const op = ELEMENTWISE_FUNCTIONS.get(name) as UnaryOp | BinaryOp;
        const compiled = args.map((a) => this.compile(a));
        const text = `${name}(${compiled.map((c) => c.text).join(',')})`;
        const lead = Math.max(...compiled.map((c) => c.lead));
        if (compiled.length === 1) return { expr: { kind: 'unary', op: op as UnaryOp, arg: compiled[0].expr }, text, lead };
        return { expr: { kind: 'binary', op: op as BinaryOp, left: compiled[0].expr, right: compiled[1].expr }, text, lead };
      }
    }
  }

  /**
   * Returns a window or shift length: an integer in [min, MAX_WINDOW_BARS] written as a number or
   * a parameter (optionally negated or in parentheses, so that `-1` is reported as −1).
   */
  private bars(node: MathNode, usage: string, argument: string, min: number): number {
    const value = this.constantOf(node);
    if (value === undefined || !Number.isInteger(value) || value < min || value > MAX_WINDOW_BARS) {
      const range = min === 0 ? `an integer from 0 to ${MAX_WINDOW_BARS} (a negative shift would read future bars)` : `an integer from 1 to ${MAX_WINDOW_BARS}`;
      const found = value === undefined ? `'${node.toString()}'` : `${value}${value === Number(node.toString()) ? '' : ` ('${node.toString()}')`}`;
      throw this.fail(`${argument} of ${usage}: ${range}, written as a number or a parameter`, found);
    }
    return value;
  }

  private constantOf(node: MathNode): number | undefined {
    switch (node.type) {
      case 'ConstantNode': {
        const value: unknown = (node as ConstantNode).value;
        return typeof value === 'number' ? value : undefined;
      }
      case 'SymbolNode':
        return this.parameters.get((node as SymbolNode).name);
      case 'ParenthesisNode':
        return this.constantOf((node as ParenthesisNode).content);
      case 'OperatorNode': {
        const op = node as AnyOperatorNode;
        const inner = op.fn === 'unaryMinus' ? this.constantOf(op.args[0]) : undefined;
        return inner === undefined ? undefined : -inner;
      }
      default:
        return undefined;
    }
  }
}

/**
 * Returns `source` compiled against the numeric `parameters` (which may appear as identifiers and
 * as window lengths). Throws {@link ValidationError} on `field` for text longer than
 * {@link MAX_RULE_LENGTH}, a syntax error (with mathjs's message), and any node, identifier,
 * operator or function outside the rule language, naming it and, for names, their position.
 */
export function compileRule(source: string, field: string, parameters: ReadonlyMap<string, number>): CompiledRule {
  if (source.length > MAX_RULE_LENGTH) throw new ValidationError(field, `a rule of at most ${MAX_RULE_LENGTH} characters`, `${source.length} characters`);
  if (source.trim() === '') throw new ValidationError(field, 'a rule expression', 'an empty string');
  const compiled = new RuleCompiler(source, field, parameters).compile(parseExpression(source, field));
  return { source, expr: compiled.expr, warmupBars: compiled.lead };
}
