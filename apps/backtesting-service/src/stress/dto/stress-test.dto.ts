import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsFiniteNumber, OptionalNested, OptionalObject } from '../../common/dto-rules';

export const HISTORICAL_SCENARIO_NAMES = ['black_monday_1987', 'financial_crisis_2008', 'covid_crash_2020'] as const;

/** One user scenario. */
export class ScenarioDto {
  @ApiProperty({ example: 'tech sell-off', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  @ApiProperty({ description: "Symbol (or '*') → total return of the shock, in (−1, 10]", example: { '*': -0.25 }, type: 'object', additionalProperties: { type: 'number', minimum: -1, exclusiveMinimum: true, maximum: 10 } })
  @IsObject()
  market_shocks!: Record<string, number>;

  @ApiPropertyOptional({ description: "Symbol (or '*') → volatility multiplier after the shock", example: { '*': 2 }, type: 'object', additionalProperties: { type: 'number' } })
  @OptionalObject()
  volatility_multipliers?: Record<string, number>;

  @ApiPropertyOptional({ default: 1, description: 'Trading days the shock is spread over (1 = instant)', type: 'integer', minimum: 1, maximum: 2520 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2520)
  duration_days?: number;

  @ApiPropertyOptional({ default: 60, description: 'Trading days the volatility regime lasts', type: 'integer', minimum: 1, maximum: 2520 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2520)
  volatility_days?: number;

  @ApiPropertyOptional({ default: 0, minimum: 0, maximum: 1 })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0)
  @Max(1)
  probability?: number;
}

/** Monte Carlo VaR of each stressed run. */
export class StressMonteCarloDto {
  @ApiPropertyOptional({ default: 2000, type: 'integer', minimum: 100, maximum: 20_000 })
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(20_000)
  n_paths?: number;

  @ApiPropertyOptional({ default: 21, description: 'Horizon of the VaR in bars', type: 'integer', minimum: 2, maximum: 252 })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(252)
  horizon_days?: number;

  @ApiPropertyOptional({ default: 0, type: 'integer' })
  @IsOptional()
  @IsInt()
  seed?: number;
}

/** Body of POST /stress-test. */
export class StressTestDto {
  @ApiProperty({ format: 'uuid', description: 'The backtest whose data, strategy and costs are stressed' })
  @IsUUID()
  backtest_id!: string;

  @ApiPropertyOptional({ type: [ScenarioDto], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  // ValidateNested passes an element that is itself an array ([[]]), which then reached the service as a scenario.
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ScenarioDto)
  scenarios?: ScenarioDto[];

  @ApiPropertyOptional({ enum: HISTORICAL_SCENARIO_NAMES, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(HISTORICAL_SCENARIO_NAMES, { each: true })
  historical_scenarios?: (typeof HISTORICAL_SCENARIO_NAMES)[number][];

  @ApiPropertyOptional({ description: 'Day the shocks start, the same for every symbol: the first bar all symbols share on or after it (default: the middle of those bars)', example: '2008-09-15' })
  @IsOptional()
  @IsDateString({ strict: true })
  shock_date?: string;

  @ApiPropertyOptional({ type: StressMonteCarloDto })
  @OptionalNested(() => StressMonteCarloDto)
  monte_carlo_var?: StressMonteCarloDto;
}
