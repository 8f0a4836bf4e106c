import { topicFor, topicMatches, Topics } from '../topics';
import { InProcessBus } from './in-process-bus';

describe('topics', () => {
  it('fills and matches one-segment wildcards', () => {
    expect(topicFor(Topics.ExecutionStarted, 'abc')).toBe('backtest.execution.started.abc');
    expect(topicMatches(Topics.BacktestExecute, 'backtest.execute.42')).toBe(true);
    expect(topicMatches(Topics.BacktestExecute, 'backtest.execute.42.x')).toBe(false);
    expect(topicMatches(Topics.BacktestExecute, 'backtest.optimize.42')).toBe(false);
  });
});

describe('InProcessBus', () => {
  it('delivers to matching subscribers in order and stops after unsubscribe', async () => {
    const bus = new InProcessBus();
    const got: string[] = [];
    const off = bus.subscribe<{ n: number }>('a.*', (p, topic) => {
      got.push(`${topic}:${p.n}`);
    });
    await bus.publish('a.x', { n: 1 });
    await bus.publish('b.x', { n: 2 });
    await bus.publish('a.y', { n: 3 });
    off();
    await bus.publish('a.z', { n: 4 });
    expect(got).toEqual(['a.x:1', 'a.y:3']);
    expect(bus.distributed).toBe(false);
  });
});
