import * as assert from 'node:assert/strict';
import { NEWEST_CHECKED_GO, goLineSuffix, rulesApplied } from '../../src/core/report/go-rules';

describe('report: the go release whose rules were applied', () => {
  it('a known release: its own rules', () => {
    for (const v of ['go1.19.8', 'go1.26.8', 'go1.27.3', 'go1.22.0']) assert.deepEqual(rulesApplied({ version: v }), { version: v, basis: 'go' });
  });
  it('unknown: the newest rules, and why', () => {
    const r = rulesApplied({ version: null, error: 'no go binary found on PATH' });
    assert.equal(r.version, NEWEST_CHECKED_GO);
    assert.equal(r.basis, 'newest');
    assert.match(r.reason!, /^the go version is unknown: .*newest release/);
    assert.match(rulesApplied({ version: null }).reason!, /go did not say which release it is/);
  });
  it('newer than any checked release: the newest rules, and why', () => {
    const r = rulesApplied({ version: 'go1.30.1' });
    assert.deepEqual([r.version, r.basis], [NEWEST_CHECKED_GO, 'newest']);
    assert.match(r.reason!, /go1\.30\.1 is newer than/);
  });
  it('older than any checked release: its own rules, with a caveat', () => {
    const r = rulesApplied({ version: 'go1.16.15' });
    assert.deepEqual([r.version, r.basis], ['go1.16.15', 'go']);
    assert.match(r.reason!, /older than go1\.19\.8/);
  });
  it('the text report line names how go was chosen and the rules', () => {
    assert.equal(goLineSuffix({ chosenBy: 'PATH', rules: { version: 'go1.26.8', basis: 'go' } }), '; rules of go1.26.8');
    assert.equal(goLineSuffix({ chosenBy: 'go.goroot', rules: { version: 'go1.19.8', basis: 'go' } }), '; chosen by go.goroot; rules of go1.19.8');
    assert.equal(goLineSuffix({}), '');
  });
  it('the text report line names the toolchain go commands switch to', () => {
    const switchesTo = { toolchain: 'go1.99.0', cause: 'go line', reason: 'go.mod says `go 1.99.0`, newer than the rest: go switches to go1.99.0.' };
    assert.equal(goLineSuffix({ rules: { version: 'go1.26.8', basis: 'go' }, switchesTo }), '; rules of go1.26.8; go commands here switch to go1.99.0 (go line)');
  });
});
