import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CsvError, inferInterval, loadCsv, parseCsv } from '../../src/data/csv';

const DATA_DIR = path.resolve(__dirname, '../../../shared/data');
const HAVE_DATA = fs.existsSync(DATA_DIR);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Asserts that parsing `text` throws a CsvError with exactly this line and reason. */
function assertCsvError(text: string, line: number, reason: string, file = 'bad.csv'): void {
  assert.throws(
    () => parseCsv(text, file),
    (err: unknown) => {
      assert.ok(err instanceof CsvError, `expected CsvError, got ${String(err)}`);
      assert.ok(err instanceof Error);
      assert.equal(err.file, file);
      assert.equal(err.line, line);
      assert.equal(err.reason, reason);
      assert.equal(err.message, `${file}:${line}: ${reason}`);
      return true;
    },
  );
}

const HEADER = 'Date,Open,High,Low,Close,Volume';

describe('data/csv: real files', function () {
  before(function () {
    if (!HAVE_DATA) {
      console.log(`    (skipping real-file tests: ${DATA_DIR} does not exist)`);
      this.skip();
    }
  });

  it('loads GOOG.csv (daily)', () => {
    const b = loadCsv(path.join(DATA_DIR, 'GOOG.csv'));
    assert.equal(b.time.length, 2148);
    for (const col of [b.open, b.high, b.low, b.close, b.volume]) assert.equal(col.length, 2148);
    assert.equal(b.symbol, 'GOOG');
    assert.equal(b.interval, '1d');
    assert.equal(b.time[0], Date.UTC(2004, 7, 19));
    assert.equal(b.open[0], 100);
    assert.equal(b.high[0], 104.06);
    assert.equal(b.low[0], 95.96);
    assert.equal(b.close[0], 100.34);
    assert.equal(b.volume[0], 22351900);
    const last = b.time.length - 1;
    assert.equal(b.time[last], Date.UTC(2013, 2, 1));
    assert.equal(b.close[last], 806.19);
    assert.equal(b.volume[last], 2175400);
    for (let i = 1; i < b.time.length; i++) assert.ok(b.time[i] > b.time[i - 1]);
  });

  it('loads EURUSD.csv (hourly) quickly', () => {
    const file = path.join(DATA_DIR, 'EURUSD.csv');
    const b = loadCsv(file);
    assert.equal(b.time.length, 5000);
    assert.equal(b.symbol, 'EURUSD');
    assert.equal(b.interval, '1h');
    assert.equal(b.time[0], Date.UTC(2017, 3, 19, 9));
    assert.equal(b.open[0], 1.0716);
    assert.equal(b.high[0], 1.0722);
    assert.equal(b.low[0], 1.07083);
    assert.equal(b.close[0], 1.07219);
    assert.equal(b.volume[0], 1413);
    assert.equal(b.time[4999], Date.UTC(2018, 1, 7, 15));
    assert.equal(b.close[4999], 1.22904);
  });

  it('loads BTCUSD.csv (monthly, fractional volume)', () => {
    const b = loadCsv(path.join(DATA_DIR, 'BTCUSD.csv'));
    assert.equal(b.time.length, 156);
    assert.equal(b.symbol, 'BTCUSD');
    assert.equal(b.interval, '1mo');
    assert.equal(b.time[0], Date.UTC(2012, 0, 31));
    assert.equal(b.open[0], 4.58);
    assert.equal(b.volume[0], 2012.25343589);
    assert.equal(b.time[155], Date.UTC(2024, 11, 31));
    assert.equal(b.close[155], 93381);
  });
});

describe('data/csv: errors', () => {
  it('empty file', () => {
    assertCsvError('', 1, 'empty file');
    assertCsvError('\n\r\n  \n', 1, 'empty file');
    assertCsvError('\uFEFF', 1, 'empty file');
  });

  it('header only', () => {
    assertCsvError(HEADER, 1, 'no data rows');
    assertCsvError(HEADER + '\r\n\r\n', 1, 'no data rows');
  });

  it('missing column', () => {
    assertCsvError('Date,Open,High,Low,Volume\n2020-01-02,1,2,0.5,100\n', 1, 'missing column "Close"');
    assertCsvError('Date,High,Low\n2020-01-02,2,0.5\n', 1, 'missing column "Open"');
    assertCsvError('Date,Open,Low,Close\n2020-01-02,1,0.5,1\n', 1, 'missing column "High"');
    // Adj Close does not stand in for Close.
    assertCsvError('Date,Open,High,Low,Adj Close\n2020-01-02,1,2,0.5,1\n', 1, 'missing column "Close"');
  });

  it('missing time column', () => {
    assertCsvError(
      'Symbol,Open,High,Low,Close\nX,1,2,0.5,1\n',
      1,
      'missing time column (Date, Datetime, Time, Timestamp or an unnamed first column)',
    );
  });

  it('unparsable number', () => {
    const text = `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,abc,0.5,1.5,100\n`;
    assertCsvError(text, 3, 'unparsable number "abc" in column "High"');
  });

  it('null, NaN or empty OHLC cells are errors', () => {
    assertCsvError(`${HEADER}\n2020-01-02,null,2,0.5,1.5,100\n`, 2, 'unparsable number "null" in column "Open"');
    assertCsvError(`${HEADER}\n2020-01-02,1,2,NaN,1.5,100\n`, 2, 'unparsable number "NaN" in column "Low"');
    assertCsvError(`${HEADER}\n2020-01-02,1,2,0.5,,100\n`, 2, 'unparsable number "" in column "Close"');
    assertCsvError(`${HEADER}\n2020-01-02,1,2,0.5,1,lots\n`, 2, 'unparsable number "lots" in column "Volume"');
  });

  it('unparsable time', () => {
    assertCsvError(`${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-13-45,1,2,0.5,1.5,100\n`, 3, 'unparsable time "2020-13-45"');
    assertCsvError(`${HEADER}\n2021-02-29,1,2,0.5,1.5,100\n`, 2, 'unparsable time "2021-02-29"');
    assertCsvError(`${HEADER}\n2020-01-02 25:00,1,2,0.5,1.5,100\n`, 2, 'unparsable time "2020-01-02 25:00"');
    assertCsvError(`${HEADER}\nyesterday,1,2,0.5,1.5,100\n`, 2, 'unparsable time "yesterday"');
    assertCsvError(`${HEADER}\n,1,2,0.5,1.5,100\n`, 2, 'unparsable time ""');
  });

  it('high < low', () => {
    const text = `${HEADER}\n2020-01-02,11,12,10,11.5,100\n2020-01-03,11,10.5,11.2,11,100\n`;
    assertCsvError(text, 3, 'high < low (10.5 < 11.2)');
  });

  it('high below open/close and low above open/close are accepted', () => {
    const b = parseCsv(`${HEADER}\n2020-01-02,12,11.5,10,12.5,100\n2020-01-03,9,11,10,9.5,100\n`);
    assert.equal(b.time.length, 2);
  });

  it('unsorted rows', () => {
    const text = `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-05,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,1.5,100\n`;
    assertCsvError(
      text,
      4,
      "time 2020-01-03 is before the previous row's 2020-01-05 (rows must be in ascending time order)",
    );
  });

  it('unsorted intraday rows show the time of day', () => {
    const text = `${HEADER}\n2020-01-03 10:30,1,2,0.5,1.5,100\n2020-01-03 09:30:00,1,2,0.5,1.5,100\n`;
    assertCsvError(
      text,
      3,
      "time 2020-01-03T09:30:00Z is before the previous row's 2020-01-03T10:30:00Z (rows must be in ascending time order)",
    );
  });

  it('duplicate time', () => {
    const text = `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,1.5,100\n`;
    assertCsvError(text, 4, 'duplicate time 2020-01-03');
  });

  it('wrong number of fields', () => {
    assertCsvError(`${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5\n`, 3, 'expected 6 fields, found 4');
    assertCsvError(`${HEADER}\n2020-01-02,1,2,0.5,1.5,100,7\n`, 2, 'expected 6 fields, found 7');
  });

  it('line numbers count blank lines, CRLF and a BOM correctly', () => {
    const text = `\uFEFF${HEADER}\r\n2020-01-02,1,2,0.5,1.5,100\r\n\r\n2020-01-03,1,x,0.5,1.5,100\r\n`;
    assertCsvError(text, 4, 'unparsable number "x" in column "High"');
  });

  it('uses <input> as the default file name', () => {
    assert.throws(() => parseCsv(''), { name: 'CsvError', message: '<input>:1: empty file' });
  });
});

describe('data/csv: formats', () => {
  const ROWS = ['2020-01-02,1,2,0.5,1.5,100', '2020-01-03,1.5,2.5,1,2,200'];
  const expectTwoDays = (text: string, hasVolume = true) => {
    const b = parseCsv(text);
    assert.deepEqual(Array.from(b.time), [Date.UTC(2020, 0, 2), Date.UTC(2020, 0, 3)]);
    assert.deepEqual(Array.from(b.open), [1, 1.5]);
    assert.deepEqual(Array.from(b.high), [2, 2.5]);
    assert.deepEqual(Array.from(b.low), [0.5, 1]);
    assert.deepEqual(Array.from(b.close), [1.5, 2]);
    if (hasVolume) assert.deepEqual(Array.from(b.volume), [100, 200]);
    else assert.ok(Number.isNaN(b.volume[0]) && Number.isNaN(b.volume[1]));
    return b;
  };

  for (const timeName of ['Date', 'Datetime', 'Time', 'Timestamp', '', 'DATE', ' date ', 'TimeStamp']) {
    it(`time column header ${JSON.stringify(timeName)}`, () => {
      expectTwoDays(`${timeName},Open,High,Low,Close,Volume\n${ROWS.join('\n')}\n`);
    });
  }

  it('case-insensitive, padded and quoted header names', () => {
    expectTwoDays(`date, OPEN ,high,LOW,"Close",volume\n${ROWS.join('\n')}\n`);
  });

  it('columns in any order, extra columns ignored', () => {
    const b = parseCsv('Ticker,Close,Volume,Low,Date,High,Open,Note\nX,1.5,100,0.5,2020-01-02,2,1,hello\n');
    assert.equal(b.time[0], Date.UTC(2020, 0, 2));
    assert.equal(b.open[0], 1);
    assert.equal(b.high[0], 2);
    assert.equal(b.low[0], 0.5);
    assert.equal(b.close[0], 1.5);
    assert.equal(b.volume[0], 100);
  });

  it('Adj Close is ignored for prices', () => {
    for (const adj of ['Adj Close', 'AdjClose', 'adj_close']) {
      const b = parseCsv(`Date,Open,High,Low,Close,${adj},Volume\n2020-01-02,10,12,9,11,5.5,100\n`);
      assert.equal(b.close[0], 11);
      assert.equal(b.volume[0], 100);
    }
  });

  it('UTF-8 BOM and CRLF', () => {
    expectTwoDays(`\uFEFF${HEADER}\r\n${ROWS.join('\r\n')}\r\n`);
  });

  it('trailing and interior blank lines', () => {
    expectTwoDays(`${HEADER}\n${ROWS[0]}\n\n${ROWS[1]}\n\n\n  \n`);
  });

  it('semicolon delimiter', () => {
    expectTwoDays(`Date;Open;High;Low;Close;Volume\n${ROWS.map((r) => r.replace(/,/g, ';')).join('\n')}\n`);
  });

  it('tab delimiter', () => {
    expectTwoDays(`Date\tOpen\tHigh\tLow\tClose\tVolume\n${ROWS.map((r) => r.replace(/,/g, '\t')).join('\n')}\n`);
  });

  it('quoted fields', () => {
    const text = `"Date","Open","High","Low","Close","Volume"\n"2020-01-02","1","2","0.5","1.5","100"\n2020-01-03,"1.5",2.5,1,"2",200\n`;
    expectTwoDays(text);
  });

  it('quoted field containing the delimiter in an ignored column', () => {
    const b = parseCsv('Date,Open,High,Low,Close,Note\n2020-01-02,1,2,0.5,1.5,"a, b"\n');
    assert.equal(b.close[0], 1.5);
  });

  it('missing Volume column → NaN', () => {
    expectTwoDays(`Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1.5\n2020-01-03,1.5,2.5,1,2\n`, false);
  });

  it('empty Volume cells → NaN', () => {
    const b = parseCsv(`${HEADER}\n2020-01-02,1,2,0.5,1.5,\n2020-01-03,1.5,2.5,1,2,200\n`);
    assert.ok(Number.isNaN(b.volume[0]));
    assert.equal(b.volume[1], 200);
  });

  it('epoch seconds', () => {
    const t0 = Date.UTC(2020, 0, 2) / 1000;
    expectTwoDays(`Timestamp,Open,High,Low,Close,Volume\n${t0},1,2,0.5,1.5,100\n${t0 + 86400},1.5,2.5,1,2,200\n`);
  });

  it('epoch milliseconds', () => {
    const t0 = Date.UTC(2020, 0, 2);
    expectTwoDays(`time,Open,High,Low,Close,Volume\n${t0},1,2,0.5,1.5,100\n${t0 + DAY},1.5,2.5,1,2,200\n`);
  });

  it('date-time formats', () => {
    const cases: [string, number][] = [
      ['2020-01-02 09:30', Date.UTC(2020, 0, 2, 9, 30)],
      ['2020-01-02 09:30:15', Date.UTC(2020, 0, 2, 9, 30, 15)],
      ['2020-01-02 09:30:15.250', Date.UTC(2020, 0, 2, 9, 30, 15, 250)],
      ['2020-01-02T09:30:15', Date.UTC(2020, 0, 2, 9, 30, 15)],
      ['2020-01-02T09:30:15Z', Date.UTC(2020, 0, 2, 9, 30, 15)],
      ['2020-01-02T09:30:15.5Z', Date.UTC(2020, 0, 2, 9, 30, 15, 500)],
      ['2020-01-02T09:30:00-05:00', Date.UTC(2020, 0, 2, 14, 30)],
      ['2020-01-02T09:30:00+0100', Date.UTC(2020, 0, 2, 8, 30)],
      ['2020-01-02 00:00:00+00:00', Date.UTC(2020, 0, 2)],
      ['2020-02-29', Date.UTC(2020, 1, 29)],
    ];
    for (const [s, want] of cases) {
      const b = parseCsv(`${HEADER}\n${s},1,2,0.5,1.5,100\n`);
      assert.equal(b.time[0], want, s);
    }
  });

  it('symbol and interval options', () => {
    const b = parseCsv(`${HEADER}\n${ROWS.join('\n')}\n`, 'x.csv', { symbol: 'SPY' });
    assert.equal(b.symbol, 'SPY');
    assert.equal(b.interval, '1d');
    assert.equal(parseCsv(`${HEADER}\n${ROWS[0]}\n`).symbol, undefined);
  });
});

describe('data/csv: loadCsv', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-csv-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names the symbol after the file and reports the path in errors', () => {
    const file = path.join(dir, 'spy.daily.csv');
    fs.writeFileSync(file, `${HEADER}\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,1.5,100\n`);
    const b = loadCsv(file);
    assert.equal(b.symbol, 'SPY.DAILY');
    assert.equal(b.interval, '1d');
    assert.equal(loadCsv(file, { symbol: 'X' }).symbol, 'X');

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, `${HEADER}\n2020-01-02,1,2,0.5\n`);
    assert.throws(() => loadCsv(bad), { name: 'CsvError', message: `${bad}:2: expected 6 fields, found 4` });
  });
});

describe('data/csv: inferInterval', () => {
  const series = (start: number, step: number, n: number, skip?: (t: number) => boolean) => {
    const out: number[] = [];
    for (let t = start; out.length < n; t += step) if (!skip || !skip(t)) out.push(t);
    return Float64Array.from(out);
  };
  const weekend = (t: number) => {
    const d = new Date(t).getUTCDay();
    return d === 0 || d === 6;
  };
  const t0 = Date.UTC(2020, 0, 2);

  it('daily (weekdays only)', () => assert.equal(inferInterval(series(t0, DAY, 300, weekend)), '1d'));
  it('daily (every day)', () => assert.equal(inferInterval(series(t0, DAY, 300)), '1d'));
  it('hourly with weekend gaps', () => assert.equal(inferInterval(series(t0, HOUR, 1000, weekend)), '1h'));
  it('minute multiples', () => {
    assert.equal(inferInterval(series(t0, 60_000, 100)), '1m');
    assert.equal(inferInterval(series(t0, 5 * 60_000, 100)), '5m');
    assert.equal(inferInterval(series(t0, 15 * 60_000, 100)), '15m');
    assert.equal(inferInterval(series(t0, 30 * 60_000, 100)), '30m');
  });
  it('4h and 2h', () => {
    assert.equal(inferInterval(series(t0, 4 * HOUR, 100)), '4h');
    assert.equal(inferInterval(series(t0, 2 * HOUR, 100)), '2h');
  });
  it('weekly', () => assert.equal(inferInterval(series(Date.UTC(2020, 0, 6), 7 * DAY, 100)), '1wk'));
  it('monthly (month ends)', () => {
    const t = Float64Array.from({ length: 36 }, (_, i) => Date.UTC(2020, i + 1, 0));
    assert.equal(inferInterval(t), '1mo');
  });
  it('fewer than two bars', () => {
    assert.equal(inferInterval(new Float64Array(0)), '');
    assert.equal(inferInterval(Float64Array.of(t0)), '');
  });
});
