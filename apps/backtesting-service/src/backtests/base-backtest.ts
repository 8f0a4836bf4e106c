import { NotFoundError, ValidationError } from '@nautilus/domain';
import { JobStore } from '../jobs/job-store';
import { CreateBacktestDto } from './dto/create-backtest.dto';

/** The request of a backtest that runs one strategy, which a stress test or a parameter search re-runs. */
export type StrategyBacktest = CreateBacktestDto & { readonly strategy_id: string };

/**
 * Returns the stored request of backtest `id` for a stress test or a parameter search to re-run.
 * Throws a NotFoundError on `backtest_id` for an unknown id or a parameter search's id, and a
 * ValidationError on `backtest_id` for a portfolio_optimization backtest: its weights come from its
 * allocation method, so it has no strategy_id to re-run (reading one gave "'undefined' not found").
 */
export function strategyBacktestOf(store: JobStore, id: string): StrategyBacktest {
  const job = store.get(id);
  if (!job || job.type === 'parameter_optimization') throw new NotFoundError('backtest_id', id);
  const request = JSON.parse(job.request) as CreateBacktestDto;
  if (request.strategy_id === undefined) {
    throw new ValidationError('backtest_id', 'a backtest that runs one strategy (strategy_id) to re-run', `${id}, a ${request.backtest_type} backtest with no single strategy`);
  }
  return request as StrategyBacktest;
}
