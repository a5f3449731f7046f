import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { figureAt, fillFigures, renderBenchmarksMd, type BenchResults } from '../../bench/report';

// Compiled to out/test/unit: the repository is three levels up.
const REPO = path.resolve(__dirname, '../../..');
const committed = readFileSync(path.join(REPO, 'BENCHMARKS.md'), 'utf8');
const results = JSON.parse(readFileSync(path.join(REPO, 'bench/results.json'), 'utf8')) as BenchResults;
const FIGURE = /<!--fig:([^>]+?)-->([^\n]*?)<!--\/fig-->/g;

describe('bench: BENCHMARKS.md figures come from bench/results.json', () => {
  it('is exactly what bench/results.json makes of it (table and every figure of the prose)', () => {
    const regenerated = renderBenchmarksMd(committed, results);
    if (regenerated !== committed) {
      const a = committed.split('\n');
      const b = regenerated.split('\n');
      const i = a.findIndex((line, k) => line !== b[k]);
      assert.fail(`BENCHMARKS.md line ${i + 1} differs from bench/results.json:\n  file:    ${a[i]}\n  results: ${b[i]}\n(run node -e "require('./out/bench/report').updateBenchmarksMd('BENCHMARKS.md', require('./bench/results.json'))")`);
    }
  });

  it('names only figures bench/results.json holds', () => {
    const paths = [...committed.matchAll(FIGURE)].map((m) => m[1]);
    assert.ok(paths.length >= 30, `only ${paths.length} figure marks`);
    for (const p of paths) {
      const v = figureAt(results, p);
      assert.ok(typeof v === 'number' || typeof v === 'string', `${p} is not a figure of bench/results.json`);
    }
  });

  it('has no figure typed by hand in its prose', () => {
    const start = committed.indexOf('<!-- bench:table:start');
    const end = committed.indexOf('<!-- bench:table:end -->');
    assert.ok(start > 0 && end > start);
    const prose = (committed.slice(0, start) + committed.slice(end))
      .replace(FIGURE, '')
      .replace(/`[^`]*`/g, '') // code: flags, file names, formulas
      .replace(/GPD\d+(\/\d+)*/g, '') // check ids
      .replace(/^\d+\. /gm, '') // list numbers
      .replace(/Scenario \d\b/g, '')
      .replace(/\bV8\b/g, '');
    const typed = prose.split('\n').filter((line) => /\d/.test(line));
    assert.deepEqual(typed, [], 'write a figure as <!--fig:PATH--><!--/fig--> so it is filled from bench/results.json');
  });

  it('fills a mark from the results, whatever it held, and again the same way', () => {
    const r: BenchResults = {
      generatedAt: 'x', mode: 'full', runsPerMeasurement: 7, machine: { cores: 2 }, broken: {},
      scenarios: { 'cache-verify': { warm: { ratio: { median: 2.0417 } }, targets: { ratio: '< 1.0' } }, 'cold-start': { bundles: { 'dist/cli.js': { KB: 1166 } } } },
    };
    const t = 'about <!--fig:cache-verify.warm.ratio.median-->1.9<!--/fig-->× (target <!--fig:cache-verify.targets.ratio-->?<!--/fig-->), '
      + '<!--fig:runsPerMeasurement-->5<!--/fig--> runs, <!--fig:cold-start.bundles.dist/cli.js.KB--><!--/fig--> KB, <!--fig:nope.x-->3<!--/fig-->';
    const once = fillFigures(t, r);
    assert.equal(once, 'about <!--fig:cache-verify.warm.ratio.median-->2.04<!--/fig-->× (target <!--fig:cache-verify.targets.ratio-->< 1.0<!--/fig-->), '
      + '<!--fig:runsPerMeasurement-->7<!--/fig--> runs, <!--fig:cold-start.bundles.dist/cli.js.KB-->1166<!--/fig--> KB, <!--fig:nope.x-->not measured<!--/fig-->');
    assert.equal(fillFigures(once, r), once);
  });
});
