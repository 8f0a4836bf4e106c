import { blockBootstrapStatistics } from '@nautilus/analytics';
import { loadSharedData } from '@nautilus/domain/testing';
import { WorkerPoolExecutor } from '../executors/worker-pool-executor';
import { parallelBootstrapStatistics } from './parallel-bootstrap';

jest.setTimeout(60_000);

describe('parallelBootstrapStatistics', () => {
  const pool = new WorkerPoolExecutor(1);
  afterAll(() => pool.close());
  const close = loadSharedData('GOOG.csv').close;
  const returns = new Float64Array(close.length - 1).map((_, i) => close[i + 1] / close[i] - 1);

  it('equals the one-thread study number for number, with a thread of the pool doing half', async () => {
    const parallel = await parallelBootstrapStatistics(returns, 1000, 252, 11, 252, pool);
    const single = blockBootstrapStatistics(returns, 1000, 252, 11, 252);
    expect(parallel.finalReturn).toEqual(single.finalReturn);
    expect(parallel.maxDrawdown).toEqual(single.maxDrawdown);
    expect(parallel.sharpe).toEqual(single.sharpe);
  });
});
