import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsFiniteNumber, IsParameterRanges, OptionalObjective } from '../../common/dto-rules';

/** Body of POST /optimization/parameters. */
export class CreateOptimizationDto {
  @ApiProperty({ description: 'A backtest whose data, strategy, parameters and costs are the base of the search', format: 'uuid' })
  @IsUUID()
  backtest_id!: string;

  @ApiProperty({
    description: 'Per parameter: a list of values, or {min, max, step} (inclusive)',
    example: { fast: { min: 5, max: 30, step: 5 }, slow: [40, 60, 80] },
    type: 'object',
    additionalProperties: true,
  })
  @IsParameterRanges()
  parameter_ranges!: Record<string, unknown>;

  @ApiPropertyOptional({
    description: "A metric (sharpe_ratio, total_return, sortino, calmar, max_drawdown, profit_factor) or weights, e.g. {sharpe_ratio: 0.7, max_drawdown: 0.3}",
    example: 'sharpe_ratio',
    oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'number' } }],
  })
  @OptionalObjective()
  optimization_target?: string | Record<string, number>;

  @ApiPropertyOptional({
    enum: ['grid', 'random', 'bayesian'],
    default: 'grid',
    description: 'bayesian: a tree-structured Parzen estimator (TPE) over the grid for max_iterations evaluations (default 100); see docs/studies.md',
  })
  @IsOptional()
  @IsIn(['grid', 'random', 'bayesian'])
  method?: 'grid' | 'random' | 'bayesian';

  @ApiPropertyOptional({ description: 'Parameter sets evaluated at most', example: 500, type: 'integer', minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  max_iterations?: number;

  @ApiPropertyOptional({ example: ['fast < slow'], type: [String], maxItems: 20 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  constraints?: string[];

  @ApiPropertyOptional({ default: 0, type: 'integer' })
  @IsOptional()
  @IsInt()
  seed?: number;

  @ApiPropertyOptional({ description: 'Share of bars for choosing parameters; the rest tests them (1: no out-of-sample bars, null out-of-sample figures)', default: 0.7, minimum: 0.05, maximum: 1 })
  @IsOptional()
  @IsFiniteNumber()
  @Min(0.05)
  @Max(1)
  in_sample_fraction?: number;
}
