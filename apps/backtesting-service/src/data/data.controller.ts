import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataService } from './data.service';
import { ValidateDataDto } from './dto/validate-data.dto';

@ApiTags('data')
@Controller('data')
export class DataController {
  constructor(private readonly data: DataService) {}

  @Get('validate')
  @ApiOkResponse({ description: 'Per symbol: coverage against the NYSE calendar, missing periods, bad rows by class, quality score, readiness.' })
  validate(@Query() query: ValidateDataDto) {
    return this.data.validate(query);
  }
}
