import { loadServiceConfig } from './service-config';

describe('loadServiceConfig: BACKTESTING_WORKER_NICE', () => {
  it('defaults to 10 and accepts 0 (workers at the API thread priority) up to 19', () => {
    expect(loadServiceConfig({}).workerNice).toBe(10);
    expect(loadServiceConfig({ BACKTESTING_WORKER_NICE: '' }).workerNice).toBe(10);
    expect(loadServiceConfig({ BACKTESTING_WORKER_NICE: '0' }).workerNice).toBe(0);
    expect(loadServiceConfig({ BACKTESTING_WORKER_NICE: '19' }).workerNice).toBe(19);
  });

  it.each(['-1', '20', '2.5', 'low'])('refuses %s, naming the variable', (raw) => {
    expect(() => loadServiceConfig({ BACKTESTING_WORKER_NICE: raw })).toThrow(expect.objectContaining({ field: 'BACKTESTING_WORKER_NICE', found: JSON.stringify(raw) }));
  });
});
