import * as assert from 'node:assert/strict';
import { formatSummary, median, pairedRatios, round, roundSummary, summarize } from '../../bench/stats';

describe('bench statistics', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const xs = [5, 1, 3];
    assert.equal(median(xs), 3);
    assert.deepEqual(xs, [5, 1, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.throws(() => median([]), /no values/);
  });

  it('summarizes median, min, max and count, and refuses non-numbers', () => {
    assert.deepEqual(summarize([2, 9, 4, 1, 3]), { median: 3, min: 1, max: 9, n: 5 });
    assert.throws(() => summarize([1, Number.NaN]), /finite/);
    assert.throws(() => summarize([]), /no values/);
  });

  it('pairs ratios run by run, so a drifting machine does not skew them', () => {
    // Every run of a is half of its partner, while the machine slows down threefold.
    const b = [1, 2, 3, 4, 5];
    const a = b.map((x) => x / 2);
    assert.deepEqual(pairedRatios(a, b), { median: 0.5, min: 0.5, max: 0.5, n: 5 });
    assert.throws(() => pairedRatios([1], [1, 2]), /equal counts/);
    assert.throws(() => pairedRatios([1], [0]), /divide/);
  });

  it('rounds to three significant digits below 100 and to whole numbers above', () => {
    assert.equal(round(0.123456), 0.123);
    assert.equal(round(1.23456), 1.23);
    assert.equal(round(12.3456), 12.3);
    assert.equal(round(123.456), 123);
    assert.equal(round(0), 0);
    assert.equal(round(-0.0004567), -0.000457);
    assert.deepEqual(roundSummary({ median: 1.23456, min: 1.0001, max: 2.98765, n: 5 }), { median: 1.23, min: 1, max: 2.99, n: 5 });
    assert.equal(formatSummary({ median: 1.5, min: 1.25, max: 2, n: 3 }, ' s'), '1.5 s (1.25–2 s)');
  });
});
