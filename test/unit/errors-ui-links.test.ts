import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findGoErrorLinks, explanationMarkdown } from '../../src/vscode/go-error-text';
import { explainLog } from '../../src/core/errors/parse-error-text';
import { planWhy } from '../../src/core/errors/why';
import { Redactor } from '../../src/core/report/redact';
import type { Report } from '../../src/core/report/report';
import type { CheckResult } from '../../src/core/model/result';

interface Case { name: string; text: string; kind: string }
const corpus: Case[] = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'errors', 'corpus.json'), 'utf8'));
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

const REFUSED = 'go: example.com/hello@v1.0.0: Get "http://127.0.0.1:9/example.com/hello/@v/v1.0.0.info": dial tcp 127.0.0.1:9: connect: connection refused';

describe('errors-ui: go failure lines → terminal links', () => {
  it('links a go failure line from go\'s first word to its end', () => {
    const links = findGoErrorLinks(REFUSED);
    assert.equal(links.length, 1);
    assert.deepEqual({ ...links[0], title: undefined }, { startIndex: 0, length: REFUSED.length, text: REFUSED, kind: 'tcp-refused', title: undefined, proxyProblem: true });
  });

  it('starts the link after a CI timestamp, a shell prompt or indentation, and ends before trailing blanks', () => {
    for (const lead of ['2024-05-01T10:00:00.123Z ', '[10:00:00] ', '   ', '$ make deps && ']) {
      const line = `${lead}${REFUSED}   `;
      const [l] = findGoErrorLinks(line);
      assert.ok(l, lead);
      assert.equal(l.startIndex, lead.length, JSON.stringify(lead));
      assert.equal(line.slice(l.startIndex, l.startIndex + l.length), REFUSED);
      assert.ok(l.text.endsWith(REFUSED), l.text);
    }
  });

  it('counts in UTF-16 units, as VS Code does, past a Chinese-locale prefix', () => {
    const line = `错误：${REFUSED}`;
    const [l] = findGoErrorLinks(line);
    assert.ok(l);
    assert.equal(line.slice(l.startIndex, l.startIndex + l.length), REFUSED);
  });

  it('links the prefixes go printed over the releases, and verifying lines', () => {
    const lines: Array<[string, string]> = [
      ['go get: module github.com/gin-gonic/gin: Get "https://goproxy.cn/github.com/gin-gonic/gin/@v/list": dial tcp: lookup goproxy.cn on 8.8.8.8:53: no such host', 'dns-no-such-host'],
      ['go mod download: example.com/m@v1.0.0: reading https://proxy.example/example.com/m/@v/v1.0.0.info: 404 Not Found', 'proxy-not-found'],
      ['verifying example.com/m@v1.0.0: checksum mismatch', 'checksum-mismatch-gosum'],
    ];
    for (const [line, kind] of lines) {
      const [l] = findGoErrorLinks(line);
      assert.ok(l, line);
      assert.equal(l.startIndex, 0);
      assert.equal(l.kind, kind, line);
    }
  });

  it('offers no link on progress lines, ordinary output, or failures the catalogue does not know', () => {
    for (const line of ['', 'go: downloading example.com/hello v1.0.0', 'go: finding module for package example.com/x', 'ok  \texample.com/app\t0.01s', 'PASS', 'hello world', 'go: example.com/m@v1.0.0: something nobody has seen before']) {
      assert.deepEqual(findGoErrorLinks(line), [], line);
    }
    assert.deepEqual(findGoErrorLinks('x'.repeat(9000) + REFUSED), [], 'overlong lines are not scanned');
  });

  it('links look-alikes as what they are (not proxy problems)', () => {
    const [l] = findGoErrorLinks('main.go:4:2: missing go.sum entry for module providing package rsc.io/quote (imported by example.com/app); to add:');
    assert.ok(l);
    assert.equal(l.kind, 'missing-gosum-entry');
    assert.equal(l.proxyProblem, false);
  });

  it('names, for every one-line corpus failure, the same cause the catalogue gives the whole text', () => {
    let checked = 0;
    for (const c of corpus) {
      const first = explainLog(c.text)[0];
      if (!first || first.facts.text.includes('\n')) continue;
      const raw = c.text.replace(ANSI, '').split(/\r?\n|\r/)[first.facts.line - 1];
      const links = findGoErrorLinks(raw);
      assert.equal(links.length, 1, `${c.name}: ${raw}`);
      assert.equal(links[0].kind, c.kind, c.name);
      assert.equal(links[0].text, first.facts.text, c.name);
      const linked = raw.slice(links[0].startIndex, links[0].startIndex + links[0].length);
      assert.ok(first.facts.text.endsWith(linked), `${c.name}: the link covers go's words to the end of the line: ${raw}`);
      assert.match(linked, /^(?:go|gopls|verifying|x509|[a-z])/, `${c.name}: starts at a word: ${linked}`);
      checked++;
    }
    assert.ok(checked >= 40, `${checked} one-line cases`);
  });
});

describe('errors-ui: explanation text', () => {
  const result = (r: Partial<CheckResult>): CheckResult => ({ id: 'GPD401', slug: 'tcp-connect', layer: 'connection', title: 'TCP connections to every host go needs', status: 'error', findings: [], durationMs: 1, docs: 'https://example.invalid/GPD401', ...r }) as CheckResult;
  const report = (results: CheckResult[]): Report => ({ results } as unknown as Report);

  it('puts the cause first, then go\'s words, then the evidence and the preferred fix', () => {
    const plan = planWhy(REFUSED);
    const md = explanationMarkdown(
      plan,
      report([
        result({
          findings: [
            {
              id: 'GPD401',
              severity: 'error',
              message: 'go cannot connect to 127.0.0.1:9 (GOPROXY): IPv4 refused.',
              evidence: ['IPv4 127.0.0.1 port 9: refused after 0 ms'],
              fixes: [{ kind: 'set-variable', title: 'Point GOPROXY at a proxy that answers', variable: 'GOPROXY', value: 'https://proxy.golang.org,direct', preferred: true }],
            },
          ],
        }),
      ]),
      new Redactor(),
    );
    const at = (s: string) => {
      const i = md.indexOf(s);
      assert.ok(i >= 0, `${s} in:\n${md}`);
      return i;
    };
    assert.ok(at('Cause: connection refused') < at('go said') && at('go said') < at('### Evidence') && at('### Evidence') < at('### Fix'));
    at('IPv4 127.0.0.1 port 9: refused');
    at('GOPROXY=https://proxy.golang.org,direct');
    at('host `127.0.0.1`');
  });

  it('says when the checks did not run, and marks look-alikes', () => {
    assert.match(explanationMarkdown(planWhy(REFUSED), undefined, new Redactor()), /The checks that explain it \(GPD401, GPD402\) did not run/);
    const md = explanationMarkdown(planWhy('go: updates to go.mod needed; missing go.sum entry for module providing package rsc.io/quote'), undefined, new Redactor());
    assert.match(md, /\(not a proxy problem\)/);
    assert.doesNotMatch(md, /### Fix/);
  });

  it('redacts credentials the pasted text carries', () => {
    const text = 'go: example.com/m@v1.0.0: reading https://alice:s3cr3t-pw@goproxy.corp.example/example.com/m/@v/v1.0.0.info: 401 Unauthorized';
    const r = new Redactor();
    r.learnFromText(text);
    const md = explanationMarkdown(planWhy(text), undefined, r);
    assert.doesNotMatch(md, /s3cr3t-pw/);
  });
});

describe('errors-ui: Go 1.21+ toolchain switching', () => {
  it('takes the announcement of a switch for progress, not a failure', () => {
    // go@487a31f2 src/cmd/go/internal/toolchain/switch.go prints it, then execs the new go.
    const line = 'go: example.com/m@v1.2.0 requires go >= 1.22.0; switching to go1.22.0';
    assert.deepEqual(explainLog(line), []);
    assert.deepEqual(findGoErrorLinks(line), []);
  });
});
