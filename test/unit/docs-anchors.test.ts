import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allChecks } from '../../src/core/checks/registry';
import { DOCS_BASE, docsUrl } from '../../src/core/model/docs';
import { findingDocs } from '../../src/vscode/finding-docs';

/** GitHub's anchor of a Markdown heading: lower case, spaces to "-", punctuation other than "-" and "_" dropped. */
function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('docs links of check ids', () => {
  const md = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'checks.md'), 'utf8');
  const anchors = new Set([...md.matchAll(/^#{1,6} (.+)$/gm)].map((m) => githubAnchor(m[1])));
  const checks = allChecks();

  it('every check id links to its own section of docs/checks.md', () => {
    assert.ok(checks.length > 30);
    for (const c of checks) {
      const url = docsUrl(c.id, c.slug);
      assert.ok(url.startsWith(`${DOCS_BASE}#`), url);
      const anchor = url.slice(url.indexOf('#') + 1);
      assert.ok(anchors.has(anchor), `${c.id}: #${anchor} is a heading of docs/checks.md`);
      assert.ok(anchor.startsWith(c.id.toLowerCase() + '-'), `${c.id}: the anchor names the id`);
    }
  });

  it("a finding reported under another check's id links to that id's section (GPD111 from a scope check)", () => {
    const results = checks.map((c) => ({ id: c.id, docs: docsUrl(c.id, c.slug) }));
    for (const reporter of results) {
      for (const c of checks) {
        const docs = findingDocs({ id: c.id }, reporter, results);
        assert.equal(docs, docsUrl(c.id, c.slug), `${c.id} reported by ${reporter.id}`);
      }
    }
    // The reporting check's own section is never the answer for another id, even when that id did not run.
    const scope = results.find((r) => r.id === 'GPD206')!;
    assert.equal(findingDocs({ id: 'GPD111' }, scope, [scope]), DOCS_BASE);
  });
});
