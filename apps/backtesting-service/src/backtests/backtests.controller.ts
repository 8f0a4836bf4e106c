import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { BacktestsService } from './backtests.service';
import { CreateBacktestDto } from './dto/create-backtest.dto';
import { ListBacktestsDto } from './dto/list-backtests.dto';


@ApiTags('backtests')
@Controller('backtests')
export class BacktestsController {
  constructor(private readonly backtests: BacktestsService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Accepted; the run happens in the background. Poll the self link.' })
  @ApiBadRequestResponse({ description: 'Invalid input; `field` names what failed.' })
  create(@Body() dto: CreateBacktestDto) {
    return this.backtests.submit(dto);
  }

  @Get()
  @ApiOkResponse({ description: 'Jobs, newest first, paginated.' })
  list(@Query() query: ListBacktestsDto) {
    return this.backtests.list(query.status, query.page ?? 1, query.page_size ?? 20);
  }

  @Get(':id')
  @ApiNotFoundResponse()
  get(@Param('id') id: string) {
    return this.backtests.get(id);
  }

  @Get(':id/results')
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The job has not completed.' })
  results(@Param('id') id: string) {
    return this.backtests.results(id);
  }

  @Delete(':id')
  @ApiOkResponse({ description: 'The job, `cancelled` when it was queued, `cancelling` while its running worker stops (then `cancelled`; GET shows the same).' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The job already finished.' })
  cancel(@Param('id') id: string) {
    return this.backtests.cancel(id);
  }
}
