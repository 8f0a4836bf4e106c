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
  @ApiBadRequestResponse({ description: 'Invalid status, page or page_size; `field` names it.' })
  list(@Query() query: ListBacktestsDto) {
    return this.backtests.list(query.status, query.page ?? 1, query.page_size ?? 20);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'The job: execution_id, status (queued, running, cancelling, completed, failed, failed_interrupted, cancelled), progress_percentage, timings, counters, error, and links to self, results and report.' })
  @ApiNotFoundResponse({ description: 'No job has this id; `field` is `id`.' })
  get(@Param('id') id: string) {
    return this.backtests.get(id);
  }

  @Get(':id/results')
  @ApiOkResponse({ description: 'The completed run: its settings, performance statistics, equity curve, trades, and the `study` of monte_carlo, walk_forward, cross_validation and portfolio_optimization runs.' })
  @ApiNotFoundResponse({ description: 'No job has this id; `field` is `id`.' })
  @ApiConflictResponse({ description: 'The job has not completed; `status` says where it is.' })
  results(@Param('id') id: string) {
    return this.backtests.results(id);
  }

  @Delete(':id')
  @ApiOkResponse({ description: 'The job, `cancelled` when it was queued, `cancelling` while its running worker stops (then `cancelled`; GET shows the same).' })
  @ApiNotFoundResponse({ description: 'No job has this id; `field` is `id`.' })
  @ApiConflictResponse({ description: 'The job already finished.' })
  cancel(@Param('id') id: string) {
    return this.backtests.cancel(id);
  }
}
