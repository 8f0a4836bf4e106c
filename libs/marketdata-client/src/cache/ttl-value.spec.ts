import { TtlValue } from './ttl-value';

describe('TtlValue', () => {
  it('does not stay stuck on a load that throws before returning a promise', async () => {
    let calls = 0;
    const value = new TtlValue<number>(
      () => {
        calls++;
        if (calls === 1) throw new Error('thrown at once');
        return Promise.resolve(42);
      },
      1_000,
      () => 0,
    );
    await expect(value.get()).rejects.toThrow('thrown at once');
    expect(await value.get()).toBe(42);
    expect(calls).toBe(2);
  });
});
