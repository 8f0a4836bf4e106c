import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { BacktestsService } from '../backtests/backtests.service';
import { renderReportHtml, ReportInput } from './report-html';

@ApiTags('backtests')
@Controller('backtests')
export class ReportsController {
  constructor(private readonly backtests: BacktestsService) {}

  @Get(':id/report')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiProduces('text/html')
  report(@Param('id') id: string): string {
    const job = this.backtests.get(id);
    const result = this.backtests.results(id) as unknown as ReportInput['result'];
    return renderReportHtml({ title: `${job.backtest_name} — ${result.symbols.join(', ')}`, result });
  }
}
