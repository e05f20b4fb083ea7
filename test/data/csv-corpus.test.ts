import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataCommand } from '../../src/cli/data-command';
import { CsvError } from '../../src/data/csv';
import { loadBars } from '../../src/data/market-data';
import { FIXTURES } from '../helpers/paths';

const DIR = path.join(FIXTURES, 'csv-bad');

/** Every malformed file, the line it must be refused at, and the reason. */
const EXPECTED: Record<string, [number, RegExp]> = {
  '01-empty.csv': [1, /^empty file$/],
  '02-blank-lines-only.csv': [1, /^empty file$/],
  '03-header-only.csv': [1, /^no data rows$/],
  '04-missing-close-column.csv': [1, /^missing column "Close"$/],
  '05-no-time-column.csv': [1, /^missing time column/],
  '06-short-row.csv': [3, /^expected 6 fields, found 5$/],
  '07-decimal-comma-extra-field.csv': [3, /^expected 6 fields, found 7$/],
  '08-text-in-high.csv': [3, /^unparsable number "abc" in column "High"$/],
  '09-nan-close.csv': [3, /^unparsable number "NaN" in column "Close"$/],
  '10-infinite-close.csv': [3, /^unparsable number "Infinity" in column "Close"$/],
  '11-impossible-date.csv': [3, /^unparsable time "2020-02-30"$/],
  '12-hour-25.csv': [3, /^unparsable time "2020-01-02 25:00"$/],
  '13-high-below-low.csv': [3, /^high < low \(0\.4 < 0\.5\)$/],
  '14-duplicate-date.csv': [4, /^duplicate time 2020-01-03$/],
  '15-unsorted.csv': [4, /^time 2020-01-03 is before the previous row's 2020-01-06/],
  '16-semicolon-decimal-comma.csv': [2, /^unparsable number "0,5" in column "Low"$/],
  '17-text-volume.csv': [3, /^unparsable number "lots" in column "Volume"$/],
  '18-bom-quoted-comma-in-number.csv': [3, /^unparsable number "2,5" in column "High"$/],
  '19-json-not-csv.csv': [1, /^missing column "Open"$/],
  '20-binary.csv': [1, /^missing column "Open"$/],
  '21-day-first-date.csv': [3, /^unparsable time "02\/01\/2020"$/],
  '22-hex-open.csv': [2, /^unparsable number "0x10" in column "Open"$/],
  '23-empty-low.csv': [3, /^unparsable number "" in column "Low"$/],
};

describe('data: the malformed CSV corpus (test/fixtures/csv-bad)', () => {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.csv')).sort();

  it('holds at least 15 files, each with an expectation', () => {
    assert.ok(files.length >= 15, `${files.length} files`);
    assert.deepEqual(files, Object.keys(EXPECTED).sort());
  });

  for (const [name, [line, reason]] of Object.entries(EXPECTED)) {
    it(`${name}: refused with file, line ${line} and reason, through the data service and the CLI`, async () => {
      const file = path.join(DIR, name);
      await assert.rejects(loadBars({ kind: 'csv', path: file }, { cacheDir: os.tmpdir() }), (err: unknown) => {
        assert.ok(err instanceof CsvError, `expected CsvError, got ${String(err)}`);
        assert.equal(err.file, file);
        assert.equal(err.line, line);
        assert.match(err.reason, reason);
        assert.equal(err.message, `${file}:${line}: ${err.reason}`);
        return true;
      });
      let out = '';
      let errText = '';
      const code = await dataCommand(['check', file], { out: (t) => (out += t), err: (t) => (errText += t) });
      assert.equal(code, 2);
      assert.equal(out, '');
      assert.ok(errText.startsWith(`algoagent: ${file}:${line}: `), errText);
      assert.doesNotMatch(errText, /\n\s+at /, 'no stack trace');
    });
  }

  it('a missing file or a folder is refused plainly', async () => {
    await assert.rejects(loadBars({ kind: 'csv', path: path.join(DIR, 'nope.csv') }, { cacheDir: os.tmpdir() }), /no such CSV file: .*nope\.csv/);
    await assert.rejects(loadBars({ kind: 'csv', path: DIR }, { cacheDir: os.tmpdir() }), /csv-bad is not a file/);
  });
});
