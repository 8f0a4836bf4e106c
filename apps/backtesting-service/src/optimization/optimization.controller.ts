import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateOptimizationDto } from './dto/create-optimization.dto';
import { OptimizationService } from './optimization.service';

@ApiTags('optimization')
@Controller('optimization')
export class OptimizationController {
  constructor(private readonly optimization: OptimizationService) {}

  @Post('parameters')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Accepted; poll GET /optimization/{id} for progress and the result table.' })
  @ApiBadRequestResponse({ description: 'Invalid search; `field` names what failed (grid over max_grid_size included).' })
  create(@Body() dto: CreateOptimizationDto) {
    return this.optimization.submit(dto);
  }

  @Get(':id')
  @ApiOkResponse({ description: 'State, progress, and once completed: best parameters, in/out-of-sample scores, deflated Sharpe ratio and every evaluated set.' })
  @ApiNotFoundResponse()
  get(@Param('id') id: string) {
    return this.optimization.get(id);
  }

  @Delete(':id')
  @ApiOkResponse({ description: 'The search, `cancelled` when it was queued, `cancelling` while its running worker stops (then `cancelled`).' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'The search already finished.' })
  cancel(@Param('id') id: string) {
    return this.optimization.cancel(id);
  }
}
