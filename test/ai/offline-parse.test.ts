import * as assert from 'node:assert/strict';
import { parseDescription } from '../../src/ai/offline/parse';
import { validateSpec } from '../../src/ai/spec/validate';
import { CORPUS } from './offline-corpus';

describe('offline parser: corpus', () => {
  it('holds at least 30 descriptions, most of them valid', () => {
    assert.ok(CORPUS.length >= 30, `${CORPUS.length} descriptions`);
    assert.ok(CORPUS.filter((c) => !c.errors).length >= 30);
  });

  for (const entry of CORPUS) {
    it(entry.description, () => {
      const { spec, unparsed } = parseDescription(entry.description);
      for (const [key, want] of Object.entries(entry.expect)) {
        assert.deepEqual((spec as unknown as Record<string, unknown>)[key], want, `${key} of "${entry.description}"`);
      }
      for (const key of ['shortEntry', 'shortExit']) {
        if (!(key in entry.expect)) assert.equal((spec as unknown as Record<string, unknown>)[key], undefined, key);
      }
      assert.equal(spec.description, entry.description.trim());
      assert.deepEqual(unparsed, entry.unparsed);
      const v = validateSpec(spec);
      if (entry.errors) assert.deepEqual(v.ok ? [] : v.errors, entry.errors);
      else assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
    });
  }
});

describe('offline parser: what it understands', () => {
  const parse = (d: string) => parseDescription(d).spec;

  it('reads timeframes in words and short forms', () => {
    const cases: [string, string][] = [
      ['hourly', '1h'], ['on the 4h chart', '4h'], ['4-hour bars', '4h'], ['15-minute candles', '15m'], ['5m', '5m'],
      ['daily bars', '1d'], ['weekly', '1wk'], ['monthly data', '1mo'], ['', '1d'],
    ];
    for (const [words, tf] of cases) assert.equal(parse(`Buy when RSI is below 30 ${words}`).timeframe, tf, words);
  });

  it('reads tickers in capitals, not indicator names or shouting', () => {
    assert.deepEqual(parse('Buy AAPL and MSFT when RSI(14) < 30, SELL when RSI > 70').symbols, ['AAPL', 'MSFT']);
    assert.deepEqual(parse('Trade $TSLA and ^GSPC when the MACD crosses above the signal line').symbols, ['TSLA', '^GSPC']);
    assert.deepEqual(parse('buy btc when rsi is below 30').symbols, []);
  });

  it('reads risk limits in several wordings', () => {
    assert.deepEqual(parse('Buy when RSI < 30 with a stop-loss of 2.5% and take-profit at 7.5%').risk, { stopLossPct: 2.5, takeProfitPct: 7.5 });
    assert.deepEqual(parse('Buy when RSI < 30. 4 percent stop, 12 percent profit target, trailing stop 6%').risk, { stopLossPct: 4, takeProfitPct: 12, trailingStopPct: 6 });
    assert.deepEqual(parse('Buy when RSI < 30; stop out at 3% below entry').risk, { stopLossPct: 3 });
  });

  it('reads position sizes', () => {
    assert.deepEqual(parse('Buy when RSI < 30 using 30% of equity').sizing, { type: 'fraction', value: 30 });
    assert.deepEqual(parse('Buy when RSI < 30, allocate 100% of the portfolio').sizing, { type: 'allIn' });
    assert.deepEqual(parse('Buy 10 shares when RSI < 30').sizing, { type: 'units', value: 10 });
    assert.deepEqual(parse('Buy when RSI < 30').sizing, { type: 'allIn' });
  });

  it('reads direction from the words and from the rules', () => {
    assert.equal(parse('Buy when RSI < 30, sell when RSI > 70').direction, 'long');
    assert.equal(parse('Short when RSI > 70, cover when RSI < 30').direction, 'short');
    assert.equal(parse('Buy when RSI < 30, go short when RSI > 70').direction, 'both');
  });

  it('a second mention of an indicator without settings reuses the earlier settings', () => {
    const s = parse('Buy when RSI(5) is below 20, sell when RSI is above 80');
    assert.deepEqual(s.indicators.map((i) => i.id), ['rsi5']);
  });

  it('"it" and a missing right side refer to the previous condition', () => {
    const s = parse('Buy when the 10 EMA crosses above the 30 EMA and sell when it crosses below');
    assert.deepEqual(s.exit, { all: [{ left: 'ema10', op: 'crossesBelow', right: 'ema30' }] });
  });

  it('the parser is deterministic', () => {
    for (const e of CORPUS.slice(0, 10)) assert.deepEqual(parseDescription(e.description), parseDescription(e.description));
  });
});

describe('offline parser: what it cannot place is reported', () => {
  const unparsedOf = (d: string) => parseDescription(d).unparsed;

  it('reports a whole clause it does not understand', () => {
    assert.deepEqual(unparsedOf('Buy when RSI(14) is below 30 and the CEO tweets'), ['the CEO tweets']);
  });

  it('reports the leftover of a clause it understood in part', () => {
    assert.deepEqual(unparsedOf('Buy when RSI(14) is below 30 on Fridays, sell when RSI is above 70'), ['on Fridays']);
  });

  it('reports risk-based sizing it cannot express', () => {
    assert.deepEqual(unparsedOf('Buy when RSI < 30. Risk 1% of equity per trade with a stop at the last swing low.'), ['Risk 1% of equity per trade with a stop at the last swing low']);
  });

  it('reports a moving average without a period rather than guessing one', () => {
    const { spec, unparsed } = parseDescription('Buy when the price crosses above the moving average');
    assert.deepEqual(spec.indicators, []);
    assert.deepEqual(unparsed, ['the price crosses above the moving average']);
  });

  it('says when "and" and "or" are mixed in one rule', () => {
    const { spec, unparsed } = parseDescription('Buy when RSI < 30 and the close is above the 200-day SMA or the MACD crosses above zero');
    assert.equal('all' in spec.entry && spec.entry.all.length, 3);
    assert.equal(unparsed.length, 1);
    assert.match(unparsed[0], /mixes "and" with "or"/);
  });

  it('says when short rules are left out of a long-only strategy', () => {
    const { spec, unparsed } = parseDescription('Long only. Buy when RSI < 30, go short when RSI > 70, sell when RSI > 60.');
    assert.equal(spec.direction, 'long');
    assert.equal(spec.shortEntry, undefined);
    assert.ok(unparsed.some((u) => /short entry rules .* left out/.test(u)), unparsed.join(' | '));
  });

  it('says which figure it used when the description gives two', () => {
    const { spec, unparsed } = parseDescription('Buy when RSI < 30 on hourly bars, sell when RSI > 70 on the daily chart. Stop loss 5%, also a 3% stop. Long only, short only.');
    assert.equal(spec.timeframe, '1h');
    assert.deepEqual(spec.risk, { stopLossPct: 5 });
    assert.equal(spec.direction, 'long');
    assert.deepEqual(unparsed, [
      '"3% stop" conflicts with "Stop loss 5%"; the first is used',
      '"on the daily chart" names a second timeframe; 1h ("on hourly bars") is used',
      '"short only" contradicts the direction stated first (long); long is used',
    ]);
  });

  it('a description with no rule at all gives a spec the validator refuses, and the text is reported', () => {
    const { spec, unparsed } = parseDescription('Make me rich with AI.');
    assert.deepEqual(unparsed, ['Make me rich with AI']);
    const v = validateSpec(spec);
    assert.equal(v.ok, false);
  });
});

describe('offline parser: odd input', () => {
  it('never throws, and what it half-read is reported, not declared', () => {
    const odd = ['', '   ', ';;;', '((((', 'İstanbul ÇÖĞ 💥', 'x'.repeat(20_000), '1 2 3 % % %', 'Buy when RSI below', 'buy when it crosses below'];
    for (const s of odd) {
      const { spec, unparsed } = parseDescription(s);
      assert.equal(spec.description, s.trim());
      if (/RSI below|crosses below/.test(s)) {
        assert.deepEqual(spec.indicators, [], s);
        assert.equal(unparsed.length, 1, s);
      }
    }
  });

  it('reads a long description in reasonable time', () => {
    const text = 'Buy when the 50-day crosses above the 200-day and RSI is below 30, '.repeat(300);
    const t0 = process.hrtime.bigint();
    const { spec } = parseDescription(text);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    assert.ok(ms < 5_000, `${ms} ms`);
    assert.deepEqual(spec.indicators.map((i) => i.id), ['sma50', 'sma200', 'rsi14']);
  });

  it('leaves impossible numbers for the validator to refuse with a clear message', () => {
    const v = validateSpec(parseDescription('Buy when RSI(0) < 30 with a 200% stop loss').spec);
    assert.equal(v.ok, false);
    if (!v.ok) {
      assert.ok(v.errors.includes('indicators[0].params.period: 0 must be a whole number ≥ 1'), v.errors.join('\n'));
      assert.ok(v.errors.includes('risk.stopLossPct: 200 % must be below 100 %'), v.errors.join('\n'));
    }
  });
});
