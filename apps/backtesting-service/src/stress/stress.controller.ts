import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StressTestDto } from './dto/stress-test.dto';
import { StressService } from './stress.service';

@ApiTags('stress-test')
@Controller('stress-test')
export class StressController {
  constructor(private readonly stress: StressService) {}

  @Post()
  @HttpCode(200)
  @ApiOkResponse({ description: 'Per scenario: the strategy re-run on shocked prices and the change in return, drawdown and VaR; the worst case.' })
  @ApiBadRequestResponse({ description: 'Invalid scenario; `field` names what failed.' })
  run(@Body() dto: StressTestDto) {
    return this.stress.run(dto);
  }
}
