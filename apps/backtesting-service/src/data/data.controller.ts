import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataService } from './data.service';
import { ValidateDataDto } from './dto/validate-data.dto';

@ApiTags('data')
@Controller('data')
export class DataController {
  constructor(private readonly data: DataService) {}

  @Get('validate')
  @ApiOkResponse({ description: 'Per symbol: coverage against the NYSE calendar, missing periods, bad rows by class, quality score, readiness.' })
  @ApiBadRequestResponse({ description: 'Invalid query; `field` names what failed (symbols, start_date, end_date, jump_sigmas, min_coverage_pct).' })
  validate(@Query() query: ValidateDataDto) {
    return this.data.validate(query);
  }
}
