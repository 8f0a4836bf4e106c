import { formatDuration, formatProgress, progressBar } from './progress';

describe('progress', () => {
  it('estimates the time left from the mean time per item so far, and shows the time taken at the end', () => {
    // 25 of 100 items in 10 s: 0.4 s each, 75 left → 30 s.
    expect(formatProgress(25, 100, 10_000, 20)).toBe('[#####---------------] 25/100  25%  ETA 0:30');
    expect(formatProgress(0, 100, 0, 4)).toBe('[----] 0/100   0%  ETA --:--');
    expect(formatProgress(100, 100, 5_000, 4)).toBe('[####] 100/100 100%  took 0:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
  });

  it('draws in place on a terminal at most every 100 ms, always at the end, and nothing elsewhere', () => {
    const written: string[] = [];
    let t = 0;
    const bar = progressBar({ isTTY: true, write: (s: string) => written.push(s) }, 'optimize', () => t);
    bar.update(0, 10);
    t = 50;
    bar.update(5, 10);
    t = 150;
    bar.update(6, 10);
    bar.update(10, 10);
    bar.finish();
    expect(written).toHaveLength(4);
    expect(written[0]).toMatch(/^\roptimize \[-+\] 0\/10/);
    expect(written[1]).toMatch(/^\roptimize \[#+-+\] 6\/10 {2}60% {2}ETA 0:00$/);
    expect(written[2]).toMatch(/10\/10 100%/);
    expect(written[3]).toBe('\n');

    const piped: string[] = [];
    const quiet = progressBar({ isTTY: false, write: (s: string) => piped.push(s) }, 'optimize');
    quiet.update(1, 2);
    quiet.finish();
    expect(piped).toEqual([]);
  });
});
