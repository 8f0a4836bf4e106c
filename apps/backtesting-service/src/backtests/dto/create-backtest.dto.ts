import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { IsFiniteNumber, IsParameterRanges, OptionalNested, OptionalObject, OptionalObjective } from '../../common/dto-rules';

/** Backtest types POST /backtests runs. Stress tests and risk scenarios replay a completed backtest instead: POST /stress-test. */
export const BACKTEST_TYPES = ['strategy_validation', 'monte_carlo', 'walk_forward', 'cross_validation', 'portfolio_optimization'] as const;

/** A market symbol as the data sources name them: a letter, then up to 19 letters, digits, `_`, `.` or `-`. */
export const SYMBOL_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]{0,19}$/;

export class CommissionDto {
  @ApiPropertyOptional({ description: 'Fraction of notional per fill (0.001 = 0.1 %)', example: 0.001, minimum: 0, maximum: 0.5 })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  @Max(0.5)
  rate?: number;

  @ApiPropertyOptional({ description: 'Currency per unit traded', example: 0, minimum: 0 })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  per_unit?: number;

  @ApiPropertyOptional({ description: 'Currency per order', example: 0, minimum: 0 })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  fixed?: number;

  @ApiPropertyOptional({ description: 'Minimum commission per order', example: 0, minimum: 0 })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  minimum?: number;
}

/** Settings of backtest_type monte_carlo: paths built from the run's daily returns or its trades. */
export class MonteCarloDto {
  @ApiPropertyOptional({ enum: ['bootstrap', 'block_bootstrap', 'trade_reshuffle', 'gbm'], default: 'block_bootstrap' })
  @IsOptional()
  @IsIn(['bootstrap', 'block_bootstrap', 'trade_reshuffle', 'gbm'])
  method?: 'bootstrap' | 'block_bootstrap' | 'trade_reshuffle' | 'gbm';

  @ApiPropertyOptional({ type: 'integer', default: 1000, minimum: 2, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100_000)
  n_paths?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'Steps per path; defaults to the run length (trade_reshuffle: the number of trades)', minimum: 2, maximum: 100000 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(100_000)
  n_steps?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0 })
  @IsOptional()
  @IsInt()
  seed?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 10000, description: 'Mean block length of the stationary bootstrap, in bars' })
  @IsOptional()
  @IsFiniteNumber()
  @Min(1)
  @Max(10_000)
  mean_block_length?: number;
}

/** Settings shared by walk_forward and cross_validation: the parameter search each window or fold runs. */
export class StudySearchDto {
  @ApiProperty({ description: 'Per parameter: a list of values, or {min, max, step} (inclusive)', example: { fast: [5, 10, 20], slow: [30, 60] }, type: 'object', additionalProperties: true })
  @IsParameterRanges()
  parameter_ranges!: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'sharpe_ratio', oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'number' } }] })
  @OptionalObjective()
  optimization_target?: string | Record<string, number>;

  @ApiPropertyOptional({ type: [String], example: ['fast < slow'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  constraints?: string[];
}

/** Settings of backtest_type walk_forward. */
export class WalkForwardDto extends StudySearchDto {
  @ApiProperty({ type: 'integer', example: 500, minimum: 1 })
  @IsInt()
  @Min(1)
  train_bars!: number;

  @ApiProperty({ type: 'integer', example: 250, minimum: 1 })
  @IsInt()
  @Min(1)
  test_bars!: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Bars between windows; defaults to test_bars' })
  @IsOptional()
  @IsInt()
  @Min(1)
  step_bars?: number;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  anchored?: boolean;
}

/** Settings of backtest_type cross_validation. */
export class CrossValidationDto extends StudySearchDto {
  @ApiPropertyOptional({ type: 'integer', default: 5, minimum: 2, maximum: 50 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(50)
  folds?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  purge_bars?: number;

  @ApiPropertyOptional({ type: 'integer', default: 0, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  embargo_bars?: number;
}

/** Settings of backtest_type portfolio_optimization: how weights are estimated and rebalanced. */
export class PortfolioOptimizationDto {
  @ApiPropertyOptional({ enum: ['min_variance', 'max_sharpe', 'risk_parity', 'equal_weight'], default: 'min_variance' })
  @IsOptional()
  @IsIn(['min_variance', 'max_sharpe', 'risk_parity', 'equal_weight'])
  method?: 'min_variance' | 'max_sharpe' | 'risk_parity' | 'equal_weight';

  @ApiPropertyOptional({ type: 'integer', default: 60, minimum: 2, maximum: 10000, description: 'Bar-to-bar returns used for each estimate, ending at the rebalance bar' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(10_000)
  lookback_bars?: number;

  @ApiPropertyOptional({ type: 'integer', default: 21, minimum: 1, maximum: 10000, description: 'Bars between rebalances' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  rebalance_bars?: number;

  @ApiPropertyOptional({ default: 0, minimum: -10, maximum: 1, description: 'Lowest weight per symbol; negative allows shorts' })
  @IsOptional()
  @IsFiniteNumber()
  @Min(-10)
  @Max(1)
  min_weight?: number;

  @ApiPropertyOptional({ default: 1, minimum: 0, maximum: 10, description: 'Highest weight per symbol' })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  @Max(10)
  max_weight?: number;

  @ApiPropertyOptional({ enum: ['none', 'ledoit_wolf'], default: 'ledoit_wolf', description: 'Covariance estimator' })
  @IsOptional()
  @IsIn(['none', 'ledoit_wolf'])
  shrinkage?: 'none' | 'ledoit_wolf';
}

/** Body of POST /backtests. */
export class CreateBacktestDto {
  @ApiProperty({ example: 'GOOG SMA cross', maxLength: 200 })
  @IsString()
  @MaxLength(200)
  backtest_name!: string;

  @ApiProperty({ enum: BACKTEST_TYPES, example: 'strategy_validation' })
  @IsIn(BACKTEST_TYPES, {
    message: `backtest_type must be one of ${BACKTEST_TYPES.join(', ')}; stress tests and risk scenarios replay a completed backtest: POST /stress-test or the risk.scenario.* topic`,
  })
  backtest_type!: (typeof BACKTEST_TYPES)[number];

  @ApiPropertyOptional({ example: 'Fast/slow SMA crossover on daily bars', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ example: '2005-01-01', description: 'ISO date, inclusive' })
  @IsDateString({ strict: true })
  start_date!: string;

  @ApiProperty({ example: '2012-12-31', description: 'ISO date, inclusive' })
  @IsDateString({ strict: true })
  end_date!: string;

  @ApiPropertyOptional({ enum: ['1m', '5m', '1h', '1d'], default: '1d', description: 'Bar frequency; coarser than the data held means resampled (EURUSD hourly → 1d), finer is a 400' })
  @IsOptional()
  @IsIn(['1m', '5m', '1h', '1d'])
  frequency?: '1m' | '5m' | '1h' | '1d';

  @ApiProperty({ example: ['GOOG'], type: [String], minItems: 1, maxItems: 500, items: { type: 'string', pattern: SYMBOL_PATTERN.source } })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Matches(SYMBOL_PATTERN, { each: true })
  symbols!: string[];

  // Optional in the schema: portfolio_optimization takes none; every other type requires it (a 400 naming strategy_id).
  @ApiPropertyOptional({ example: 'sma_crossover', description: 'Required, except by portfolio_optimization, whose allocation is the strategy' })
  @ValidateIf((o: CreateBacktestDto) => o.backtest_type !== 'portfolio_optimization' || o.strategy_id !== undefined)
  @IsString()
  strategy_id!: string;

  @ApiPropertyOptional({ example: { fast: 10, slow: 30 }, type: 'object', additionalProperties: true })
  @OptionalObject()
  strategy_parameters?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 100000, default: 10000, minimum: 1, maximum: 1e15 })
  @IsOptional()
  @IsFiniteNumber()
  @Min(1)
  @Max(1e15)
  initial_capital?: number;

  @ApiPropertyOptional({ type: CommissionDto })
  @OptionalNested(() => CommissionDto)
  commission?: CommissionDto;

  @ApiPropertyOptional({ example: 5, default: 0, minimum: 0, maximum: 5000, description: 'Slippage in basis points against the trader' })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  @Max(5000)
  slippage_bps?: number;

  @ApiPropertyOptional({ enum: ['next_open', 'same_close'], default: 'next_open' })
  @IsOptional()
  @IsIn(['next_open', 'same_close'])
  fill_timing?: 'next_open' | 'same_close';

  @ApiPropertyOptional({ enum: ['vector', 'event'], default: 'vector' })
  @IsOptional()
  @IsIn(['vector', 'event'])
  engine?: 'vector' | 'event';

  @ApiPropertyOptional({ default: 1, minimum: 0, description: 'Units trade in multiples of this; 0 allows fractions' })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  lot_size?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  close_at_end?: boolean;

  @ApiPropertyOptional({ example: 0.02, default: 0, minimum: -1, maximum: 1, description: 'Annual risk-free rate, fraction' })
  @IsOptional()
  @IsFiniteNumber()
  @Min(-1)
  @Max(1)
  risk_free_rate?: number;

  @ApiPropertyOptional({ example: 'GOOG', description: 'Benchmark symbol; defaults to the first symbol when left out (an empty string is refused, not read as "left out")', pattern: SYMBOL_PATTERN.source })
  @IsOptional()
  @IsString()
  @Matches(SYMBOL_PATTERN, { message: 'benchmark_symbol must be a symbol: a letter, then up to 19 letters, digits, _ . or -' })
  benchmark_symbol?: string;

  @ApiPropertyOptional({ type: MonteCarloDto, description: 'For backtest_type monte_carlo' })
  @OptionalNested(() => MonteCarloDto)
  monte_carlo?: MonteCarloDto;

  @ApiPropertyOptional({ type: WalkForwardDto, description: 'Required for backtest_type walk_forward' })
  @OptionalNested(() => WalkForwardDto)
  walk_forward?: WalkForwardDto;

  @ApiPropertyOptional({ type: CrossValidationDto, description: 'Required for backtest_type cross_validation' })
  @OptionalNested(() => CrossValidationDto)
  cross_validation?: CrossValidationDto;

  @ApiPropertyOptional({ type: PortfolioOptimizationDto, description: 'For backtest_type portfolio_optimization' })
  @OptionalNested(() => PortfolioOptimizationDto)
  portfolio_optimization?: PortfolioOptimizationDto;
}
