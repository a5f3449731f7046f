// Spec output, plus one JSON line of counts appended to $GPD_TEST_STATS so that
// scripts/test-all.sh can print the closing "N passed, N failed" over every suite.
const Mocha = require('mocha');
const fs = require('node:fs');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class Reporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.GPD_TEST_STATS;
      if (!file) return;
      const s = runner.stats;
      fs.appendFileSync(file, JSON.stringify({ suite: process.env.GPD_SUITE || 'mocha', passed: s.passes, failed: s.failures, pending: s.pending }) + '\n');
    });
  }
}
module.exports = Reporter;
