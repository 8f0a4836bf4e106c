import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { renderReportHtml, ReportInput } from '@nautilus/analytics';
import { BacktestsService } from '../backtests/backtests.service';

@ApiTags('backtests')
@Controller('backtests')
export class ReportsController {
  constructor(private readonly backtests: BacktestsService) {}

  @Get(':id/report')
  @Header('Content-Type', 'text/html; charset=utf-8')
  // Self-contained: its own inline script and styles, nothing fetched from anywhere.
  @Header('Content-Security-Policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:")
  @ApiProduces('text/html')
  report(@Param('id') id: string): string {
    const job = this.backtests.get(id);
    const result = this.backtests.results(id) as unknown as ReportInput['result'];
    return renderReportHtml({ title: `${job.backtest_name} — ${result.symbols.join(', ')}`, result });
  }
}
