import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { explainLog, explainFailure, splitFailures } from '../../src/core/errors/parse-error-text';
import { CATALOGUE } from '../../src/core/errors/catalogue';

interface Case { name: string; text: string; kind: string; module?: string; host?: string; status?: number }
const corpus: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'errors', 'corpus.json'), 'utf8'));
const LOOK_ALIKES = new Set(CATALOGUE.filter((e) => !e.proxyProblem).map((e) => e.kind));
// Checks that change proxy settings: a look-alike must never be sent to them.
const PROXY_FIX_CHECKS = new Set(['GPD101', 'GPD102', 'GPD103', 'GPD104', 'GPD105', 'GPD106', 'GPD111', 'GPD112', 'GPD121', 'GPD122', 'GPD123', 'GPD124', 'GPD602']);

describe('errors: catalogue of go failure texts', () => {
  it('has at least 60 real error texts in the corpus', () => {
    assert.ok(corpus.length >= 60, `${corpus.length} cases`);
  });

  for (const c of corpus) {
    it(`maps "${c.name}" to ${c.kind}`, () => {
      const found = explainLog(c.text);
      assert.ok(found.length >= 1, 'no failure found');
      const first = found[0];
      assert.equal(first.facts.kind, c.kind, `first cause of:\n${c.text}`);
      if (c.module) assert.equal(first.facts.module, c.module);
      if (c.host) assert.equal(first.facts.host, c.host);
      if (c.status) assert.equal(first.facts.status, c.status);
      if (LOOK_ALIKES.has(c.kind)) {
        assert.equal(first.entry!.proxyProblem, false);
        for (const id of first.entry!.checks) assert.ok(!PROXY_FIX_CHECKS.has(id), `${c.kind} must not lead to proxy fix ${id}`);
      }
    });
  }

  it('every catalogue entry is exercised by the corpus', () => {
    const kinds = new Set(corpus.map((c) => c.kind));
    const missing = CATALOGUE.filter((e) => !kinds.has(e.kind)).map((e) => e.kind);
    assert.deepEqual(missing, []);
  });

  it('finds every distinct failure in a CI log, de-duplicated per host', () => {
    const log = [
      '$ go mod download',
      'go: downloading github.com/a/b v1.0.0',
      'go: github.com/a/b@v1.0.0: Get "https://proxy.golang.org/github.com/a/b/@v/v1.0.0.info": dial tcp: lookup proxy.golang.org: no such host',
      'go: github.com/c/d@v1.2.0: Get "https://proxy.golang.org/github.com/c/d/@v/v1.2.0.info": dial tcp: lookup proxy.golang.org: no such host',
      'go: git.corp.example/x/y@v0.1.0: reading https://goproxy.corp.example/git.corp.example/x/y/@v/v0.1.0.info: 403 Forbidden',
      '\tserver response: denied',
      'ERROR: Job failed: exit code 1',
    ].join('\n');
    const found = explainLog(log);
    assert.deepEqual(found.map((f) => f.facts.kind), ['dns-no-such-host', 'proxy-gatekeeper']);
    assert.equal(found[1].facts.line, 5);
    assert.match(found[1].facts.text, /server response: denied/);
  });

  it('ignores progress lines and text without go failures', () => {
    assert.deepEqual(splitFailures('go: downloading x v1\ngo: finding module for package y\nall good'), []);
    assert.deepEqual(explainLog('hello world\nnothing to see'), []);
  });

  it('recognises the Go 1.20+ TLS wording', () => {
    const e = explainFailure('go: m@v1.0.0: Get "https://h/x": tls: failed to verify certificate: x509: certificate signed by unknown authority');
    assert.equal(e.facts.goVersionHint, '1.20+');
    assert.equal(e.facts.kind, 'tls-unknown-authority');
  });

  it('judges go\'s own words before a server\'s detail text', () => {
    const e = explainFailure('go: a.b/c@v1.0.0: reading https://proxy.golang.org/a.b/c/@v/v1.0.0.info: 410 Gone\n\tserver response: not found: dial tcp: lookup a.b: no such host');
    assert.equal(e.facts.kind, 'proxy-not-found');
  });
});
