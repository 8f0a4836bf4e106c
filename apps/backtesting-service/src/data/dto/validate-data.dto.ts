import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsDateString, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { IsFiniteNumber } from '../../common/dto-rules';
import { SYMBOL_PATTERN } from '../../backtests/dto/create-backtest.dto';

/** Query of GET /data/validate. */
export class ValidateDataDto {
  @ApiPropertyOptional({ description: 'Comma-separated distinct symbols (a repeat, in any case, is a 400 as in POST /backtests); all known symbols when left out', example: 'GOOG,ORCL', type: String })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Matches(SYMBOL_PATTERN, { each: true })
  // Case-insensitive like the sources' lookup: GOOG,goog would report one symbol twice.
  @ArrayUnique((symbol: unknown) => String(symbol).toUpperCase(), { message: 'symbols must be distinct (in any case)' })
  symbols?: string[];

  @ApiPropertyOptional({ example: '2005-01-01', description: 'Check from this UTC day on (inclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  start_date?: string;

  @ApiPropertyOptional({ example: '2012-12-31', description: 'Check up to this UTC day (inclusive)' })
  @IsOptional()
  @IsDateString({ strict: true })
  end_date?: string;

  @ApiPropertyOptional({ default: 6, minimum: 1, maximum: 100, description: 'Price-jump threshold in robust standard deviations of log returns' })
  @IsOptional()
  @Type(() => Number)
  @IsFiniteNumber()
  @Min(1)
  @Max(100)
  jump_sigmas?: number;

  @ApiPropertyOptional({ default: 95, minimum: 0, maximum: 100, description: 'Least NYSE-day coverage (%) for ready_for_backtest' })
  @IsOptional()
  @Type(() => Number)
  @IsFiniteNumber()
  @Min(0)
  @Max(100)
  min_coverage_pct?: number;
}
