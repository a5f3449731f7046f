import * as assert from 'node:assert/strict';
import { findingMarkdown, goEnvWriteCommand, replacementText, rewritesSpan } from '../../src/vscode/fix-text';
import type { Finding, Fix } from '../../src/core/model/result';

describe('vscode fix text', () => {
  const rows: Array<[string, string, string, string, string]> = [
    // description, span text, new value, file, expected replacement
    ['bare YAML value', 'Direct', 'direct', '.gitlab-ci.yml', 'direct'],
    ['double-quoted YAML keeps its quotes', '"Direct"', 'https://proxy.golang.org,direct', '.gitlab-ci.yml', '"https://proxy.golang.org,direct"'],
    ['single-quoted YAML doubles a quote', "'a'", "it's", 'ci.yml', "'it''s'"],
    ['JSON string escapes', '"x"', 'a"b\\c', 'settings.json', '"a\\"b\\\\c"'],
    ['JSON without quotes in the span gets them', 'x', 'direct', 'devcontainer.json', '"direct"'],
    ['Dockerfile bare value', 'https://goproxy.cn;direct', 'https://goproxy.cn,direct', 'Dockerfile', 'https://goproxy.cn,direct'],
    ['a lone quote is not a quoted span', '"', 'off', '.envrc', 'off'],
  ];
  for (const [desc, span, value, file, want] of rows) {
    it(desc, () => assert.equal(replacementText(span, value, file), want));
  }

  it('builds the go env -w command, quoted for a shell when needed', () => {
    assert.equal(goEnvWriteCommand('GOPROXY', 'https://proxy.golang.org,direct'), 'go env -w GOPROXY=https://proxy.golang.org,direct');
    assert.equal(goEnvWriteCommand('GOPROXY', 'https://a|https://b'), "go env -w 'GOPROXY=https://a|https://b'", 'a | is a pipe to the shell');
    assert.equal(goEnvWriteCommand('GOFLAGS', '-mod=mod -x'), "go env -w 'GOFLAGS=-mod=mod -x'");
    assert.equal(goEnvWriteCommand('GOPRIVATE', "it's"), `go env -w 'GOPRIVATE=it'\\''s'`);
  });

  const loc = { file: '.gitlab-ci.yml', startLine: 2, startColumn: 12, endLine: 2, endColumn: 20 };
  const finding = (fixes: Fix[], extra: Partial<Finding> = {}): Finding => ({ id: 'GPD101', severity: 'error', message: 'bad', variable: 'GOPROXY', location: loc, evidence: ['GOPROXY=Direct'], fixes, ...extra });

  it('rewrites the span only with a value fix for the same variable at a location', () => {
    const set: Fix = { title: 'Use direct', preferred: true, kind: 'set-variable', variable: 'GOPROXY', value: 'direct' };
    assert.equal(rewritesSpan(finding([set]), set), true);
    assert.equal(rewritesSpan(finding([set], { location: undefined }), set), false);
    assert.equal(rewritesSpan(finding([set]), { ...set, variable: 'GOSUMDB' }), false);
    assert.equal(rewritesSpan(finding([set]), { ...set, kind: 'command', command: 'go env -w GOPROXY=direct' }), false);
    assert.equal(rewritesSpan(finding([set]), { ...set, value: undefined }), false);
  });

  it('renders a finding as Markdown with location, evidence, fixes and docs', () => {
    const weak: Fix = { title: 'Turn checksum verification off', preferred: false, kind: 'set-variable', variable: 'GOSUMDB', value: 'off', weakening: true };
    const md = findingMarkdown({ id: 'GPD101', title: 'GOPROXY syntax', docs: 'https://example.invalid/docs#gpd101' }, finding([weak]));
    assert.match(md, /^\*\*GPD101 GOPROXY syntax\*\* \(error\)/);
    assert.match(md, /At `\.gitlab-ci\.yml:2:12`/);
    assert.match(md, /- `GOPROXY=Direct`/);
    assert.match(md, /Turn checksum verification off \(weakens security\)/);
    assert.match(md, /Docs: https:\/\/example\.invalid\/docs#gpd101$/);
  });
});
