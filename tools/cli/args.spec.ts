import { parseFlags } from './args';

const SPECS = {
  json: { arity: 'switch', help: '' },
  cash: { arity: 'value', help: '' },
  grid: { arity: 'list', help: '' },
} as const;

describe('parseFlags', () => {
  it('reads switches, values (spaced or after =) and lists up to the next flag, appending repeated lists', () => {
    const flags = parseFlags(['--grid', 'fast=5:50:5', 'slow=20,30', '--cash=-5', '--json', '--grid', 'allow_short=true,false'], SPECS);
    expect(flags.has('json')).toBe(true);
    expect(flags.number('cash')).toBe(-5);
    expect(flags.list('grid')).toEqual(['fast=5:50:5', 'slow=20,30', 'allow_short=true,false']);
    expect(flags.value('missing')).toBeUndefined();
  });

  it('takes a negative number as a value, not as a flag', () => {
    expect(parseFlags(['--cash', '-5'], SPECS).number('cash')).toBe(-5);
  });
});
