import { loadSharedData } from '@nautilus/domain/testing';
import { createRng } from '../rng/rng';
import { optimize } from './optimize';
import { tpeMaximize } from './tpe';

// A 100 × 50 grid whose maximum is known by construction: f = −(i − 37)² − (j − 12)², best 0 at (37, 12).
const sizes = [100, 50];
const bowl = (index: number) => {
  const i = Math.floor(index / 50);
  const j = index % 50;
  return -((i - 37) ** 2) - (j - 12) ** 2;
};

function randomBest(budget: number, seed: number): number {
  const rng = createRng(seed);
  const seen = new Set<number>();
  let best = -Infinity;
  while (seen.size < budget) {
    const index = rng.int(5000);
    if (seen.has(index)) continue;
    seen.add(index);
    best = Math.max(best, bowl(index));
  }
  return best;
}

describe('tpeMaximize', () => {
  it('closes in on a known maximum far better than random search with the same budget', () => {
    const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
    let tpeSum = 0;
    let randomSum = 0;
    for (const seed of seeds) {
      const found = tpeMaximize(sizes, bowl, { budget: 150, rng: createRng(seed) });
      expect(found).toHaveLength(150);
      expect(new Set(found.map((o) => o.index)).size).toBe(150);
      const best = Math.max(...found.map((o) => o.score));
      // Within two grid steps of (37, 12) on every seed.
      expect(best).toBeGreaterThanOrEqual(-4);
      tpeSum += best;
      randomSum += randomBest(150, seed);
    }
    // One lucky random draw can land close; on average over seeds it stays well behind.
    expect(tpeSum / seeds.length).toBeGreaterThan(randomSum / seeds.length + 1);
  });

  it('is reproducible by seed and skips infeasible points without spending the budget', () => {
    const feasible = (index: number) => (index % 50 < 25 ? bowl(index) : undefined);
    const a = tpeMaximize(sizes, feasible, { budget: 60, rng: createRng(9) });
    const b = tpeMaximize(sizes, feasible, { budget: 60, rng: createRng(9) });
    expect(a).toEqual(b);
    expect(a).toHaveLength(60);
    for (const o of a) expect(o.index % 50).toBeLessThan(25);
  });

  it('stops when the grid is exhausted', () => {
    expect(tpeMaximize([3, 2], (i) => i, { budget: 100, rng: createRng(1) })).toHaveLength(6);
  });
});

describe("optimize({ method: 'bayesian' })", () => {
  const goog = loadSharedData('GOOG.csv');
  const request = {
    series: [goog],
    strategyId: 'sma_crossover',
    parameterRanges: { fast: { min: 2, max: 60, step: 1 }, slow: { min: 10, max: 250, step: 5 } },
    constraints: ['fast < slow'],
    config: { initialCapital: 10_000 },
  } as const;

  it('finds a set in the top 2 % of the full grid with 120 evaluations', () => {
    const grid = optimize(request);
    const scores = grid.trials.map((t) => t.inSampleScore).filter(Number.isFinite).sort((x, y) => y - x);
    const threshold = scores[Math.floor(scores.length * 0.02)];
    const bayes = optimize({ ...request, method: 'bayesian', maxIterations: 120, seed: 3 });
    expect(bayes.evaluated).toBe(120);
    expect(grid.evaluated).toBeGreaterThan(2000);
    expect(bayes.best.inSampleScore).toBeGreaterThanOrEqual(threshold);
    // Every trial is a real grid point evaluated like the grid search does it.
    const byKey = new Map(grid.trials.map((t) => [JSON.stringify(t.parameters), t.inSampleScore]));
    for (const t of bayes.trials) expect(byKey.get(JSON.stringify(t.parameters))).toBe(t.inSampleScore);
  });
});
