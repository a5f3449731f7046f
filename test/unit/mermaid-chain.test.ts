/** The chain as a Mermaid flowchart, and the Markdown report's pictures. */
import * as assert from 'node:assert/strict';
import { chainMermaid, chainMermaidBlock, mermaidText } from '../../src/core/report/mermaid';
import { renderMarkdown } from '../../src/core/report/markdown';
import type { Report } from '../../src/core/report/report';
import { fixedWalks, reportOf, snapshot } from './svg-pictures.test';

describe('pictures: Mermaid chain', () => {
  const walks = fixedWalks();
  for (const [name, w] of Object.entries(walks)) {
    it(`${name}: matches its snapshot`, () => snapshot(`chain-${name}.mmd`, chainMermaid(w) + '\n'));
  }

  it('a node per request, edges say what go does, the end says the verdict', () => {
    const m = chainMermaid(walks['served-after-fall-through']);
    assert.match(m, /^flowchart LR\n/);
    assert.equal((m.match(/^ {2}s\d+\["/gm) ?? []).length, 6);
    assert.equal((m.match(/-->\|falls through\|/g) ?? []).length, 3);
    assert.equal((m.match(/-->\|next file\|/g) ?? []).length, 2);
    assert.match(m, /done\(\["✓ served by https:\/\/proxy\.golang\.org"\]\):::served/);
    assert.match(chainMermaid(walks.stalled), /done\(\["◔ go hangs here"\]\):::timeout/);
    assert.match(chainMermaid(walks['stopped-by-403']), /done\(\["✗ stops: go: example\.com\/hello@v1\.2\.3: reading/);
  });

  it('labels cannot break out of the node, the diagram or the code fence', () => {
    assert.equal(mermaidText('a"b<c>d`e#f|g\nh'), 'a#quot;b#lt;c#gt;d#96;e#35;f#124;g h');
    const m = chainMermaid(walks['stopped-by-403']);
    for (const line of m.split('\n').filter((l) => /\["/.test(l))) assert.match(line, /\["[^"]*"\]/, line);
    assert.ok(!m.includes('`'));
    assert.ok(!m.includes('s3cr3t-canary'));
    assert.ok(chainMermaidBlock(walks.stalled).startsWith('```mermaid\nflowchart LR\n'));
  });

  it('the Markdown report carries the flowchart and the timing table', () => {
    const report = { ...baseReport(), ...reportOf(Object.values(walks)) } as Report;
    const md = renderMarkdown(report);
    assert.equal((md.match(/^```mermaid$/gm) ?? []).length, 4);
    assert.match(md, /^## Timings$/m);
    assert.match(md, /^\| host \| DNS \| TCP \| proxy CONNECT \| TLS \| first byte \| body \| total \| result \|$/m);
    assert.match(md, /^\| `https:\/\/goproxy\.lab\.test:8443` \| 1\.1 ms \| 1\.2 ms \| {2}\| ✗ 20 ms \| {2}\| {2}\| 22 ms \| failed \|$/m);
    assert.ok(!md.includes('s3cr3t-canary'));
  });
});

function baseReport(): Omit<Report, 'results'> {
  return {
    schemaVersion: 1, tool: { name: 'go-proxy-doctor', version: '0.0.0' }, dir: '/w', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 5, offline: false,
    platform: 'linux', go: { path: null, version: null }, environment: {}, summary: { ok: 0, warning: 0, error: 1, skipped: 0, crashed: 0 },
  };
}
