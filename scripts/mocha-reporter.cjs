// Spec output, plus one JSON line of counts appended to $GPD_TEST_STATS so that
// scripts/test-all.sh can print the closing "N passed, N failed" over every suite.
// Tests of the differential suites carry their go release in a describe title
// ("… [go1.26.8]"); those are also counted per release and printed at the end.
const Mocha = require('mocha');
const fs = require('node:fs');
const { EVENT_RUN_END, EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;

const RELEASE = /\[(go\d+\.\d+(?:\.\d+)?)\]/;

class Reporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const perRelease = new Map();
    const tally = (test, key) => {
      const m = RELEASE.exec(test.fullTitle());
      if (!m) return;
      const r = perRelease.get(m[1]) ?? { passed: 0, failed: 0, pending: 0 };
      r[key]++;
      perRelease.set(m[1], r);
    };
    runner.on(EVENT_TEST_PASS, (t) => tally(t, 'passed'));
    runner.on(EVENT_TEST_FAIL, (t) => tally(t, 'failed'));
    runner.on(EVENT_TEST_PENDING, (t) => tally(t, 'pending'));
    runner.once(EVENT_RUN_END, () => {
      if (perRelease.size) {
        const lines = [...perRelease.entries()].sort().map(([rel, c]) => `  ${rel}: ${c.passed} passed, ${c.failed} failed${c.pending ? `, ${c.pending} skipped` : ''}`);
        console.log(`\nper go release:\n${lines.join('\n')}`);
      }
      const file = process.env.GPD_TEST_STATS;
      if (!file) return;
      const s = runner.stats;
      const releases = Object.fromEntries(perRelease);
      fs.appendFileSync(file, JSON.stringify({ suite: process.env.GPD_SUITE || 'mocha', passed: s.passes, failed: s.failures, pending: s.pending, releases }) + '\n');
    });
  }
}
module.exports = Reporter;
