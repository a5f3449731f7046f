/**
 * `why` reads every failure text go1.19.8, go1.26.8 and go1.27.3 print, in each release's own
 * words. The texts are go's own, recorded from test/go/chain-diff.test.ts
 * (`GPD_RECORD_GO_TEXTS=<file>`; ports and temp folders made stable): one row per case and
 * release.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainFailure } from '../../src/core/errors/parse-error-text';
import { planWhy } from '../../src/core/errors/why';
import { certificateErrorText } from '../../src/core/net/go-release-rules';

interface Row { case: string; release: string; text: string }
const rows: Row[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'errors', 'go-releases.json'), 'utf8'));
const RELEASES = ['go1.19.8', 'go1.26.8', 'go1.27.3'];
const byCase = new Map<string, Map<string, string>>();
for (const r of rows) {
  if (!byCase.has(r.case)) byCase.set(r.case, new Map());
  byCase.get(r.case)!.set(r.release, r.text);
}

describe('errors: every release\'s wording of the chain failures', () => {
  it('holds the failures of at least 80 cases, each printed by all three releases', () => {
    assert.ok(byCase.size >= 80, String(byCase.size));
    for (const [c, m] of byCase) assert.deepEqual([...m.keys()].sort(), RELEASES, c);
  });

  for (const [name, texts] of byCase) {
    it(`${name}: recognised in every release's words, as the same failure`, () => {
      const seen = RELEASES.map((rel) => {
        const e = explainFailure(texts.get(rel)!);
        assert.notEqual(e.facts.kind, 'unknown', `${rel}: ${texts.get(rel)}`);
        const plan = planWhy(texts.get(rel)!);
        assert.equal(plan.failures.length, 1, `${rel}: ${texts.get(rel)}`);
        return { rel, kind: e.facts.kind, module: e.facts.module, host: e.facts.host };
      });
      for (const s of seen.slice(1)) assert.deepEqual({ ...s, rel: '' }, { ...seen[0], rel: '' }, `${s.rel} vs ${seen[0].rel}`);
    });
  }

  it('the releases differ only where Go 1.20 wraps certificate errors, and go-release-rules says so', () => {
    let differing = 0;
    for (const [name, texts] of byCase) {
      const old = texts.get('go1.19.8')!;
      for (const rel of ['go1.26.8', 'go1.27.3']) {
        const now = texts.get(rel)!;
        if (now === old) continue;
        differing++;
        const m = /^(.*?": )(x509: .*)$/s.exec(old);
        assert.ok(m, `${name}: go1.19.8 and ${rel} differ outside an x509 error:\n${old}\n${now}`);
        assert.equal(now, m[1] + certificateErrorText(m[2], rel), name);
      }
      assert.equal(texts.get('go1.26.8'), texts.get('go1.27.3'), `${name}: go1.26.8 vs go1.27.3`);
    }
    assert.ok(differing >= 6, String(differing));
  });
});
