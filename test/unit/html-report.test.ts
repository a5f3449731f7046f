/**
 * The HTML report: one self-contained file (no script, no link, no remote src/href), valid
 * for libxml2's HTML parser and well-formed XML, its inline style allowed by its own CSP hash.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Report } from '../../src/core/report/report';
import { renderHtml, cspHash } from '../../src/core/report/html';
import { renderReport } from '../../src/cli/formats';
import { fixedWalks, xmlProblems } from './svg-pictures.test';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

function sampleWithWalks(): Report {
  const r = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'report', 'sample-report.json'), 'utf8')) as Report;
  const walks = Object.values(fixedWalks());
  const at = r.results.findIndex((x) => x.id === 'GPD602');
  const chain = { id: 'GPD602', slug: 'chain-walk', layer: 'protocol', title: 'go can download the required modules through GOPROXY', status: 'error' as const, findings: [], durationMs: 900, docs: 'https://example.invalid/docs#gpd602', data: walks };
  if (at >= 0) r.results[at] = { ...r.results[at], data: walks };
  else r.results.push(chain);
  return r;
}

/** Elements libxml2's HTML 4 parser does not know; everything else it reports is an error. */
const HTML5_AND_SVG = new Set(['main', 'section', 'details', 'summary', 'svg', 'title', 'desc', 'style', 'defs', 'marker', 'path', 'rect', 'text', 'tspan', 'line', 'g']);

/** Problems of `html` as an HTML document, by `xmllint --html`. */
export function htmlProblems(html: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-html-'));
  try {
    const f = path.join(dir, 'report.html');
    fs.writeFileSync(f, html);
    const r = spawnSync('xmllint', ['--html', '--noout', f], { encoding: 'utf8' });
    if (r.error) throw r.error;
    const errors = r.stderr.split('\n').filter((l) => /(parser|HTML parser) error :/.test(l));
    return errors.filter((l) => {
      const m = /HTML parser error : Tag (\w+) invalid/.exec(l);
      return !(m && HTML5_AND_SVG.has(m[1]));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Everything in `html` that would reach outside the file. */
export function externalReferences(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/\s(src|href|xlink:href|action|formaction|poster|data)\s*=\s*"([^"]*)"/gi)) if (/^\s*(https?:)?\/\//i.test(m[2]) || /^\s*[a-z][a-z0-9+.-]*:/i.test(m[2]) && !/^\s*data:/i.test(m[2])) found.push(m[0]);
  for (const re of [/<script\b/i, /<link\b/i, /<iframe\b/i, /<object\b/i, /<embed\b/i, /<img\b/i, /url\(\s*["']?(?!#)/i, /@import/i]) if (re.test(html)) found.push(re.source);
  return found;
}

describe('pictures: HTML report', () => {
  const html = renderHtml(sampleWithWalks());

  it('is one self-contained file: no script, no link, no remote reference', () => {
    assert.deepEqual(externalReferences(html), []);
    assert.ok(!/<script/i.test(html));
    assert.ok(!/\s(src|href)="https?:/i.test(html));
    assert.equal((html.match(/<svg /g) ?? []).length, Object.keys(fixedWalks()).length + 1, 'a chain per module and the waterfall');
  });

  it('the checker itself catches external references', () => {
    assert.notDeepEqual(externalReferences('<img src="https://x.example/a.png">'), []);
    assert.notDeepEqual(externalReferences('<a href="//x.example/">x</a>'), []);
    assert.notDeepEqual(externalReferences('<script src="a.js"></script>'), []);
    assert.notDeepEqual(externalReferences('<link rel="stylesheet" href="a.css"/>'), []);
    assert.deepEqual(externalReferences('<a href="#chain">x</a><path marker-end="url(#a)"/>'), []);
    assert.notDeepEqual(externalReferences('<rect fill="url(https://x.example/p.svg#a)"/>'), []);
  });

  it('is valid for libxml2\'s HTML parser and well-formed XML', () => {
    assert.deepEqual(htmlProblems(html), []);
    assert.equal(xmlProblems(html), '');
    assert.notDeepEqual(htmlProblems('<!DOCTYPE html><html><head><title>x</title></head><body><p>a</b></p></body></html>'), [], 'the validator does report errors');
  });

  it('allows its inline style by hash and nothing else', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\/>/.exec(html)![1].replace(/&apos;/g, "'");
    assert.match(csp, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:$/);
    const style = /<style>([^]*?)<\/style>/.exec(html)![1];
    assert.equal(csp.split('style-src ')[1].split(';')[0], cspHash(style));
    assert.equal((html.match(/<style>/g) ?? []).length, 1, 'the pictures share the page stylesheet');
  });

  it('is redacted and escaped', () => {
    for (const secret of ['s3cr3t-canary', 'glpat-abcdefghijklmnopqrst', 'abc123tokenvalue']) assert.ok(!html.includes(secret), secret);
    assert.ok(!html.includes('<b>&amp;'));
    assert.match(html, /example\.com\/&lt;b&gt;&amp;amp;"x"@v1\.2\.3/);
  });

  it('is the CLI\'s --format html', () => {
    assert.equal(renderReport(sampleWithWalks(), 'html'), html);
  });
});
