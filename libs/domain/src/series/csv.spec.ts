import { readFileSync } from 'node:fs';
import { sharedDataPath, SharedDataFile } from '../testing';
import { parseOhlcvCsv, parseTimestamp, readOhlcvColumns } from './csv';

const files: [SharedDataFile, number][] = [
  ['GOOG.csv', 2148],
  ['EURUSD.csv', 5000],
  ['BTCUSD.csv', 156],
  ['orcl-1995-2014.txt', 5036],
  ['nvda-1999-2014.txt', 4012],
  ['yhoo-1996-2014.txt', 4713],
  ['2006-day-001.txt', 255],
  ['2005-2006-day-001.txt', 512],
];

describe('parseOhlcvCsv on the shared data files', () => {
  it.each(files)('%s loads %i rows matching the file text', (file, rows) => {
    const text = readFileSync(sharedDataPath(file), 'utf8');
    const series = parseOhlcvCsv(text, 'X');
    expect(series.length).toBe(rows);
    const lines = text.trim().split('\n');
    const header = lines[0].toLowerCase().split(',');
    for (const [line, index] of [
      [lines[1], 0],
      [lines[lines.length - 1], rows - 1],
    ] as const) {
      const cells = line.split(',');
      expect(series.time[index]).toBe(parseTimestamp(cells[0]));
      expect(series.open[index]).toBe(Number(cells[header.indexOf('open')]));
      expect(series.close[index]).toBe(Number(cells[header.indexOf('close')]));
      expect(series.volume[index]).toBe(Number(cells[header.indexOf('volume')]));
    }
  });

  it('reads GOOG first bar as in the data README (open 100 on 2004-08-19)', () => {
    const s = parseOhlcvCsv(readFileSync(sharedDataPath('GOOG.csv'), 'utf8'), 'GOOG');
    expect(new Date(s.time[0]).toISOString()).toBe('2004-08-19T00:00:00.000Z');
    expect(s.open[0]).toBe(100);
  });

  it('scales by Adj Close / Close when asked', () => {
    const text = 'Date,Open,High,Low,Close,Adj Close,Volume\n2000-01-03,10,12,9,11,5.5,100\n';
    const s = parseOhlcvCsv(text, 'X', { adjust: true });
    expect([s.open[0], s.high[0], s.low[0], s.close[0]]).toEqual([5, 6, 4.5, 5.5]);
  });
});

describe('parseOhlcvCsv rejects bad input naming the line and column', () => {
  const head = 'Date,Open,High,Low,Close,Volume\n';
  const ok = '2020-01-02,10,11,9,10.5,100\n';
  it.each([
    ['unsorted rows', head + ok + '2020-01-01,10,11,9,10.5,100\n', /time \(row 3\): expected timestamps sorted ascending/],
    ['a duplicated date', head + ok + ok, /time \(row 3\): expected unique timestamps, found duplicate 2020-01-02/],
    ['a NaN price', head + ok + '2020-01-03,NaN,11,9,10.5,100\n', /open \(row 3\): expected a finite number, found "NaN"/],
    ['an empty price', head + '2020-01-03,10,,9,10.5,100\n', /high \(row 2\): expected a finite number/],
    ['a negative price', head + '2020-01-03,-10,11,9,10.5,100\n', /open \(row 2\): expected a finite positive price/],
    ['a missing column', 'Date,Open,High,Close,Volume\n2020-01-02,1,2,1,0\n', /csv.header: expected a column named Low/],
    ['a short row', head + '2020-01-03,10,11,9\n', /csv \(row 2\): expected 6 fields as in the header, found 4 fields/],
    ['a garbage date', head + 'yesterday,10,11,9,10.5,100\n', /date \(row 2\): expected a UTC date like 2004-08-19, 20040819 or 2017-04-19 09:00:00 \(an offset other than Z is not read\), found "yesterday"/],
    ['an impossible date', head + '2021-02-30,10,11,9,10.5,100\n', /date \(row 2\)/],
    ['high below close', head + '2020-01-03,10,10.2,9,10.5,100\n', /high \(row 2\): expected ≥ open, low and close/],
    ['an empty file', '', /csv: expected a header row, found an empty file/],
  ])('%s', (_name, text, message) => {
    expect(() => parseOhlcvCsv(text, 'X')).toThrow(message);
  });
});

describe('readOhlcvColumns', () => {
  const text = 'Date,Open,High,Low,Close,Volume\n2020-01-02,10,11,9,10.5,100\n2020-01-03,n/a,11,9,,100\n2020-01-06,10,9,11,10,0\n';

  it('keeps bad cells as NaN when lenient, for a validator to count', () => {
    const c = readOhlcvColumns(text, { lenient: true });
    expect(Array.from(c.time)).toEqual([Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3), Date.UTC(2020, 0, 6)]);
    expect(c.open[1]).toBeNaN();
    expect(c.close[1]).toBeNaN();
    // Inverted high/low is not a parsing matter: it stays for the validator.
    expect([c.high[2], c.low[2], c.volume[2]]).toEqual([9, 11, 0]);
  });

  it('throws on the first bad cell otherwise, naming the row', () => {
    expect(() => readOhlcvColumns(text)).toThrow(/open \(row 3\): expected a finite number, found "n\/a"/);
  });
});

describe('parseTimestamp', () => {
  it('reads dates, date-times and epochs as UTC', () => {
    expect(parseTimestamp('2017-04-19 09:00:00')).toBe(Date.UTC(2017, 3, 19, 9));
    expect(parseTimestamp('2017-04-19T09:30')).toBe(Date.UTC(2017, 3, 19, 9, 30));
    expect(parseTimestamp('1500000000')).toBe(1_500_000_000_000);
    expect(parseTimestamp('1500000000000')).toBe(1_500_000_000_000);
    expect(parseTimestamp('2017-13-01')).toBeNaN();
  });

  it('keeps milliseconds, and rejects finer digits that are not zeros', () => {
    expect(parseTimestamp('2017-04-19 09:00:00.25')).toBe(Date.UTC(2017, 3, 19, 9, 0, 0, 250));
    expect(parseTimestamp('2017-04-19 09:00:00.750000')).toBe(Date.UTC(2017, 3, 19, 9, 0, 0, 750));
    expect(parseTimestamp('2017-04-19 09:00:00.750001')).toBeNaN();
  });

  it('reads 8 digits as a compact date YYYYMMDD, not as epoch seconds in 1970', () => {
    expect(parseTimestamp('20200102')).toBe(Date.UTC(2020, 0, 2));
    expect(parseTimestamp('20201302')).toBeNaN();
  });

  it('rejects a time zone offset other than UTC instead of ignoring it', () => {
    expect(parseTimestamp('2017-04-19T09:00:00Z')).toBe(Date.UTC(2017, 3, 19, 9));
    expect(parseTimestamp('2017-04-19T09:00:00+00:00')).toBe(Date.UTC(2017, 3, 19, 9));
    expect(parseTimestamp('2017-04-19T09:00:00+02:00')).toBeNaN();
  });
});

describe('parseOhlcvCsv reads the file layouts editors and exporters write', () => {
  const rows = '2020-01-02,10,11,9,10.5,100\n2020-01-03,10.5,12,10,11,200\n';
  const head = 'Date,Open,High,Low,Close,Volume\n';
  const times = [Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)];

  it('reads the time of day from a Time column beside the Date column', () => {
    const s = parseOhlcvCsv('Date,Time,Open,High,Low,Close,Volume\n2024-01-02,09:30,10,11,9,10.5,100\n20240102,09:31:15,10.5,12,10,11,200\n', 'X');
    expect(Array.from(s.time)).toEqual([Date.UTC(2024, 0, 2, 9, 30), Date.UTC(2024, 0, 2, 9, 31, 15)]);
    // A bad time names both cells it was read from, and the line.
    expect(() => parseOhlcvCsv('Date,Time,Open,High,Low,Close\n2024-01-02,25:00,1,1,1,1\n', 'X')).toThrow(expect.objectContaining({ field: 'date, time', rowIndex: 2 }));
  });

  it('ends lines at a lone CR as well as at LF and CRLF', () => {
    const s = parseOhlcvCsv((head + rows).replace(/\n/g, '\r'), 'X');
    expect(Array.from(s.time)).toEqual(times);
    expect(Array.from(s.volume)).toEqual([100, 200]);
  });

  it('reads quoted cells, a quoted comma staying inside its cell', () => {
    const s = parseOhlcvCsv('"Date","Open","High","Low","Close","Volume"\n"2020-01-02","10","11","9","10.5","100"\n', 'X');
    expect([s.time[0], s.open[0], s.volume[0]]).toEqual([times[0], 10, 100]);
    expect(() => parseOhlcvCsv(head + '2020-01-02,10,11,9,10.5,"1,234"\n', 'X')).toThrow('volume (row 2): expected a finite number, found "1,234"');
    expect(() => parseOhlcvCsv(head + '2020-01-02,"10,11,9,10.5,100\n', 'X')).toThrow('csv (row 2): expected a closing double quote');
  });

  it('rejects a number that is not a plain decimal, such as hex', () => {
    expect(() => parseOhlcvCsv(head + '2020-01-02,0x10,11,9,10.5,100\n', 'X')).toThrow('open (row 2): expected a finite number, found "0x10"');
  });

  it('rejects a file that has only a header', () => {
    expect(() => parseOhlcvCsv(head, 'X')).toThrow('csv (row 2): expected at least one data row after the header, found only the header');
  });
});
