import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Backtest types the API knows; only the implemented ones are accepted. */
export const BACKTEST_TYPES = ['strategy_validation', 'risk_scenario', 'portfolio_optimization', 'stress_test', 'monte_carlo', 'walk_forward', 'cross_validation'] as const;
export const IMPLEMENTED_BACKTEST_TYPES = ['strategy_validation'] as const;

export class CommissionDto {
  @ApiPropertyOptional({ description: 'Fraction of notional per fill (0.001 = 0.1 %)', example: 0.001, minimum: 0, maximum: 0.5 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(0.5)
  rate?: number;

  @ApiPropertyOptional({ description: 'Currency per unit traded', example: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  per_unit?: number;

  @ApiPropertyOptional({ description: 'Currency per order', example: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  fixed?: number;

  @ApiPropertyOptional({ description: 'Minimum commission per order', example: 0 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  minimum?: number;
}

/** Body of POST /backtests. */
export class CreateBacktestDto {
  @ApiProperty({ example: 'GOOG SMA cross' })
  @IsString()
  @MaxLength(200)
  backtest_name!: string;

  @ApiProperty({ enum: BACKTEST_TYPES, example: 'strategy_validation' })
  @IsIn(BACKTEST_TYPES)
  backtest_type!: (typeof BACKTEST_TYPES)[number];

  @ApiPropertyOptional({ example: 'Fast/slow SMA crossover on daily bars' })
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

  @ApiPropertyOptional({ enum: ['1d'], default: '1d', description: 'Bar frequency; the bundled data is daily' })
  @IsOptional()
  @IsIn(['1d'])
  frequency?: '1d';

  @ApiProperty({ example: ['GOOG'], type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Matches(/^[A-Za-z][A-Za-z0-9_.-]{0,19}$/, { each: true })
  symbols!: string[];

  @ApiProperty({ example: 'sma_crossover' })
  @IsString()
  strategy_id!: string;

  @ApiPropertyOptional({ example: { fast: 10, slow: 30 }, type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  strategy_parameters?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 100000, default: 10000 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(1e15)
  initial_capital?: number;

  @ApiPropertyOptional({ type: CommissionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CommissionDto)
  commission?: CommissionDto;

  @ApiPropertyOptional({ example: 5, default: 0, description: 'Slippage in basis points against the trader' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
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

  @ApiPropertyOptional({ default: 1, description: 'Units trade in multiples of this; 0 allows fractions' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  lot_size?: number;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  close_at_end?: boolean;

  @ApiPropertyOptional({ example: 0.02, default: 0, description: 'Annual risk-free rate, fraction' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-1)
  @Max(1)
  risk_free_rate?: number;

  @ApiPropertyOptional({ example: 'GOOG', description: 'Benchmark symbol; defaults to the first symbol' })
  @IsOptional()
  @IsString()
  benchmark_symbol?: string;
}
