import { ValidationError } from '../../errors/domain-error';
import { compileRule, MAX_RULE_LENGTH } from './compile-rule';

const FIELD = 'strategy_parameters.entry_long';
const params = new Map([
  ['fast', 10],
  ['slow', 30],
  ['half', 2.5],
]);

/** Returns the ValidationError that compiling `source` throws. */
function rejection(source: string): ValidationError {
  try {
    compileRule(source, FIELD, params);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error(`'${source}' compiled`);
}

describe('compileRule', () => {
  it('compiles the rule language into its own expression tree', () => {
    const rule = compileRule('crossover(sma(close, fast), sma(close, slow)) and not (rsi(close, 14) > 70) or -volume < 2 close', FIELD, params);
    expect(rule.expr.kind).toBe('binary');
    expect(compileRule('(close)', FIELD, params).expr).toEqual({ kind: 'series', name: 'close' });
    expect(compileRule('true', FIELD, params).expr).toEqual({ kind: 'constant', value: 1 });
    expect(compileRule('slow', FIELD, params).expr).toEqual({ kind: 'constant', value: 30 });
  });

  it('names rolling indicators by their resolved windows, so that equal series share a cache entry', () => {
    const a = compileRule('sma(close, slow)', FIELD, params).expr;
    const b = compileRule('sma(close, 30)', FIELD, params).expr;
    expect(a).toEqual(b);
    expect(a).toMatchObject({ kind: 'window', key: 'rules:sma(close,30)' });
    expect(compileRule('ema(sma(high - low, fast), 5)', FIELD, params).expr).toMatchObject({ key: 'rules:ema(sma(subtract(high,low),10),5)' });
  });

  it.each([
    // Leading NaN bars: sma(w) w − 1, rsi(w) w, atr(w) w − 1, shift(k) k, a cross one more bar.
    ['close > 1', 0],
    ['sma(close, 30)', 29],
    ['crossover(sma(close, fast), sma(close, slow))', 30],
    ['rsi(close, 14) < 30', 14],
    ['atr(14) > 1', 13],
    ['shift(close, 3) < close', 3],
    ['sma(sma(close, 10), 10)', 18],
    ['lag(highest(high, 20), 1) < close', 20],
    ['crossunder(zscore(close, 20), -2)', 20],
  ])('warm-up of %s is %i bars', (source, bars) => {
    expect(compileRule(source, FIELD, params).warmupBars).toBe(bars);
  });

  describe('security: only the whitelisted nodes compile', () => {
    it.each([
      ['import({}, {})', /unknown function 'import' at char 1/],
      ['createUnit("x")', /unknown function 'createUnit' at char 1/],
      ['evaluate("1")', /unknown function 'evaluate' at char 1/],
      ['parse("1")', /unknown function 'parse' at char 1/],
      ['compile("1")', /unknown function 'compile'/],
      ['simplify("x")', /unknown function 'simplify'/],
      ['cos(1)', /unknown function 'cos'/],
      ['cos.constructor("return process")()', /expected a valid expression/],
      ['cos.constructor("return process")', /call of 'cos.constructor'/],
      ['sma["constructor"]', /property or index access/],
      ['[1,2]', /a matrix/],
      ['{a: 1}', /an object/],
      ['a = 1', /an assignment/],
      ['f(x) = x', /a function definition/],
      ['close; open', /several statements/],
      ['close > 1 ? 1 : 0', /conditional/],
      ['1:3', /a range/],
      ['"process"', /string constant/],
      ['close ^ 2', /operator '\^' at char 7/],
      ['5!', /operator '!'/],
      ['2 cm', /unknown identifier 'cm' at char 3/],
    ])('rejects %s', (source, message) => {
      expect(rejection(source).message).toMatch(message);
      expect(rejection(source).field).toBe(FIELD);
    });
  });

  it('names an unknown identifier and its 1-based position, skipping longer names that contain it', () => {
    const e = rejection('closed > close and sma(close, fast) > foo');
    expect(e.found).toBe("unknown identifier 'closed' at char 1");
    expect(rejection('close > sma(close, fast) + foo').found).toBe("unknown identifier 'foo' at char 28");
    expect(rejection('fooz > 1 and foo > 1').found).toMatch(/'fooz' at char 1/);
    expect(rejection('close > sma').found).toMatch(/'sma' at char 9 \(sma is a function: call it\)/);
    expect(rejection('close(1)').found).toMatch(/unknown function 'close' at char 1/);
  });

  it('rejects negative shifts (look-ahead) and bad windows', () => {
    expect(rejection('shift(close, -1)').message).toMatch(/bars of shift\(x, bars\): an integer from 0 to 10000 \(a negative shift would read future bars\).*found -1/);
    expect(rejection('lag(close, -fast)').found).toBe("-10 ('-fast')");
    expect(rejection('sma(close, 0)').found).toBe('0');
    expect(rejection('sma(close, half)').found).toBe("2.5 ('half')");
    expect(rejection('sma(close, close)').found).toBe("'close'");
    expect(rejection('ema(close, fast + 1)').found).toBe("'fast + 1'");
    expect(rejection('highest(close, 20000)').found).toBe('20000');
    expect(rejection('sma(close)').message).toMatch(/sma\(x, window\) with 2 arguments, found 1/);
    expect(rejection('atr(high, low, close, 14)').message).toMatch(/atr\(window\) with 1 argument, found 4/);
    expect(compileRule('shift(close, 0)', FIELD, params).warmupBars).toBe(0);
  });

  it("reports syntax errors with mathjs's message, and bounds the length", () => {
    expect(rejection('close >').found).toMatch(/Unexpected end of expression \(char 8\)/);
    expect(rejection('   ').found).toBe('an empty string');
    const long = `close > ${'1 + '.repeat(200)}1`;
    expect(long.length).toBeGreaterThan(MAX_RULE_LENGTH);
    expect(rejection(long).message).toMatch(/at most 500 characters/);
  });
});
