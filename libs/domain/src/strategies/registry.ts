import { NotFoundError, ValidationError } from '../errors/domain-error';
import { breakout } from './breakout';
import { buyAndHold } from './buy-and-hold';
import { meanReversion } from './mean-reversion';
import { momentum } from './momentum';
import { parseParameters, ParameterValues } from './parameters';
import { rulesStrategy } from './rules/rules-strategy';
import { smaCrossover } from './sma-crossover';
import { StrategyDefinition } from './strategy-definition';

/** Maps `strategy_id` to its definition; built-ins are registered, others may be added. */
export class StrategyRegistry {
  private readonly byId = new Map<string, StrategyDefinition>();

  constructor(definitions: readonly StrategyDefinition[] = BUILT_IN_STRATEGIES) {
    for (const d of definitions) this.register(d);
  }

  /** Adds `definition`; throws when its id is taken. */
  register(definition: StrategyDefinition): void {
    if (!/^[a-z][a-z0-9_]*$/.test(definition.id)) throw new ValidationError('strategy_id', 'snake_case letters, digits and _', definition.id);
    if (this.byId.has(definition.id)) throw new ValidationError('strategy_id', 'a unique id', `${definition.id} registered twice`);
    this.byId.set(definition.id, definition);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  list(): StrategyDefinition[] {
    return [...this.byId.values()];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Returns the definition of `id`; throws {@link NotFoundError} on `strategy_id`. */
  get(id: string): StrategyDefinition {
    const d = this.byId.get(id);
    if (!d) throw new NotFoundError('strategy_id', id);
    return d;
  }

  /** Returns the validated parameters of strategy `id` for `raw`, checking constraints and symbol count. */
  parameters(id: string, raw: unknown, symbolCount?: number): ParameterValues {
    const d = this.get(id);
    const params = d.validateParameters ? d.validateParameters(raw) : parseParameters(d.parameters, raw);
    const broken = d.checkConstraints?.(params);
    if (broken) throw new ValidationError(broken.field, broken.expected, broken.found);
    if (symbolCount !== undefined) {
      if (symbolCount < d.minSymbols) throw new ValidationError('symbols', `at least ${d.minSymbols} for ${id}`, String(symbolCount));
      if (d.maxSymbols !== undefined && symbolCount > d.maxSymbols) throw new ValidationError('symbols', `at most ${d.maxSymbols} for ${id}`, String(symbolCount));
    }
    return Object.freeze(params);
  }
}

/** The strategies every registry starts with. */
export const BUILT_IN_STRATEGIES: readonly StrategyDefinition[] = Object.freeze([buyAndHold, smaCrossover, meanReversion, momentum, breakout, rulesStrategy]);
