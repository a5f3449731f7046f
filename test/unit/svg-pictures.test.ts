/**
 * The chain diagram and the timing waterfall from fixed walks: byte-for-byte snapshots, valid
 * XML, escaped, redacted, and accessible (title, desc, words beside every colour).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { ChainWalk } from '../../src/core/net/chain-walk';
import type { CheckResult } from '../../src/core/model/result';
import { renderChainSvg, chainWalksOf } from '../../src/core/report/chain-diagram';
import { hostTimings, renderWaterfallSvg, spansOf } from '../../src/core/report/waterfall';
import { PICTURE_CSS, PICTURE_WORDS, formatMs } from '../../src/core/report/svg-common';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'pictures');
const SOURCE_FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'pictures');

export function snapshot(name: string, actual: string): void {
  if (process.env.GPD_UPDATE_GOLDEN) {
    fs.writeFileSync(path.join(SOURCE_FIXTURES, name), actual);
    return;
  }
  const expected = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  assert.equal(actual, expected, `${name} differs from its snapshot (GPD_UPDATE_GOLDEN=1 rewrites it)`);
}

/** xmllint's verdict on a document: '' when well-formed. */
export function xmlProblems(xml: string, args: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-xml-'));
  try {
    const f = path.join(dir, 'doc.xml');
    fs.writeFileSync(f, xml);
    const r = spawnSync('xmllint', ['--noout', ...args, f], { encoding: 'utf8' });
    if (r.error) throw r.error;
    return r.status === 0 && r.stderr === '' ? '' : r.stderr || `exit ${r.status}`;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function fixedWalks(): Record<string, ChainWalk> {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'walks.json'), 'utf8')) as Record<string, ChainWalk>;
}

export function reportOf(walks: ChainWalk[], extra: CheckResult[] = []): { results: CheckResult[] } {
  return {
    results: [
      { id: 'GPD602', slug: 'chain-walk', layer: 'protocol', title: 'chain', status: 'error', findings: [], durationMs: 1, docs: '', data: walks },
      ...extra,
    ],
  };
}

describe('pictures: chain diagram from fixed walks', () => {
  const walks = fixedWalks();
  for (const [name, w] of Object.entries(walks)) {
    it(`${name}: matches its snapshot and is well-formed XML`, () => {
      const svg = renderChainSvg(w, { idPrefix: name });
      snapshot(`chain-${name}.svg`, svg);
      assert.equal(xmlProblems(svg), '');
      assert.ok(!svg.includes('s3cr3t-canary'));
    });
  }

  it('highlights the entry that served, and says the outcome in words and icons', () => {
    const svg = renderChainSvg(walks['served-after-fall-through']);
    assert.match(svg, /<rect class="gpd-head gpd-served"[^>]*\/>\n<text[^>]*>★ 2\. https:\/\/proxy\.golang\.org<\/text>/);
    assert.equal((svg.match(/class="gpd-step gpd-ok gpd-served"/g) ?? []).length, 3, 'info, mod and zip served by the same entry');
    assert.equal((svg.match(/>falls through</g) ?? []).length, 3);
    assert.match(svg, /<tspan class="gpd-icon gpd-end-served">✓<\/tspan> served/);
    assert.match(svg, /○<\/text>\n<text[^>]*>404 not found</);
  });

  it('says where go stops, and where it hangs', () => {
    const stop = renderChainSvg(walks['stopped-by-403'], { embedStyle: false });
    assert.match(stop, /403 error/);
    assert.match(stop, /✗<\/tspan> stops</);
    assert.ok(!stop.includes('gpd-served'), 'nothing served');
    const hang = renderChainSvg(walks.stalled);
    assert.match(hang, /◔<\/tspan> go hangs here</);
    assert.match(hang, /class="gpd-step gpd-timeout"/);
  });

  it('is accessible: role, labelled by its title and a desc that lists every request', () => {
    const svg = renderChainSvg(walks['served-after-fall-through'], { idPrefix: 'c7' });
    assert.match(svg, /^<svg [^>]*role="img"[^>]*tabindex="0"[^>]*aria-labelledby="c7-title c7-desc"/);
    assert.match(svg, /<title id="c7-title">GOPROXY chain for example\.com\/hello@v1\.0\.0<\/title>/);
    const desc = /<desc id="c7-desc">([^<]*)<\/desc>/.exec(svg)![1];
    assert.equal(desc.split('\n').length, 1 + walks['served-after-fall-through'].steps.length);
    assert.match(desc, /^go downloads example\.com\/hello@v1\.0\.0 from https:\/\/proxy\.golang\.org\n1\. \.info from https:\/\/alice:xxxxx@proxy\.corp\.example\/go: 404 not found/);
  });

  it('escapes hostile text and redacts credentials even when the data carries them', () => {
    const w = walks['stopped-by-403'];
    const raw: ChainWalk = { ...w, steps: [{ ...w.steps[0], entry: 'https://bob:hunter2-secret@evil.example/<script>' }] };
    const svg = renderChainSvg(raw);
    assert.equal(xmlProblems(svg), '');
    assert.ok(!svg.includes('hunter2-secret'));
    assert.ok(!svg.includes('<script>'));
    assert.match(svg, /example\.com\/&lt;b&gt;&amp;amp;"x"@v1\.2\.3/);
  });

  it('is deterministic and colours only through classes (themes apply)', () => {
    const w = walks['served-after-fall-through'];
    assert.equal(renderChainSvg(w), renderChainSvg(JSON.parse(JSON.stringify(w)) as ChainWalk));
    const svg = renderChainSvg(w, { embedStyle: false });
    assert.ok(!/\sstyle=|\sfill="#|\sstroke="#/.test(svg), 'no inline colours');
    assert.ok(!svg.includes('<style>'));
    assert.ok(!/[<>&]/.test(PICTURE_CSS), 'the stylesheet can be embedded as raw text');
  });

  it('finds the walks in a report and hides the time on request', () => {
    assert.equal(chainWalksOf(reportOf(Object.values(walks))).length, 4);
    assert.equal(chainWalksOf({ results: [] }).length, 0);
    const svg = renderChainSvg(walks['served-after-fall-through'], { showTimes: false });
    assert.ok(!/\d ms/.test(svg.replace(/<desc[^]*<\/desc>/, '').replace(/<title>[^<]*<\/title>/g, '')));
  });
});

describe('pictures: timing waterfall from fixed walks', () => {
  const walks = fixedWalks();

  it('one row per host, first new connection wins, phases in go\'s order', () => {
    const rows = hostTimings(reportOf(Object.values(walks)));
    assert.deepEqual(rows.map((r) => r.host), [
      'https://proxy.corp.example', 'https://proxy.golang.org', 'http://mirror.lab:8080', 'http://127.0.0.1:8000', 'https://goproxy.lab.test:8443',
    ]);
    assert.deepEqual(rows[0].spans.map((s) => [s.phase, s.start, s.end]), [['dns', 0, 3.2], ['tcp', 3.2, 9.8], ['tls', 9.8, 31.4], ['ttfb', 31.4, 39.6], ['body', 39.6, 40.9]]);
    assert.equal(rows[2].proxy, 'http://squid.lab:3128');
    assert.deepEqual(rows[3].spans.map((s) => [s.phase, s.state]), [['tcp', 'ok'], ['ttfb', 'timeout']]);
    assert.deepEqual(rows[4].spans.map((s) => [s.phase, s.state]), [['dns', 'ok'], ['tcp', 'ok'], ['tls', 'failed']]);
    assert.equal(rows[4].result, 'failed');
  });

  it('takes the CONNECT time of a proxied https request from the proxy probe', () => {
    const r = spansOf({ url: 'https://proxy.golang.org/x/@v/v1.info', headersMs: 80, totalMs: 90, status: 200 }, { outcome: 'ok', httpProxy: 'http://squid:3128' }, 25);
    assert.deepEqual(r.spans.map((s) => [s.phase, s.start, s.end]), [['connect', 0, 25], ['ttfb', 25, 80], ['body', 80, 90]]);
    const proxied = reportOf([{ ...walks['served-after-fall-through'], steps: [{ ...walks['served-after-fall-through'].steps[3], httpProxy: 'http://squid:3128' }] }], [
      { id: 'GPD402', slug: 'http-proxy-env', layer: 'connection', title: 'proxy', status: 'ok', findings: [], durationMs: 1, docs: '', data: [{ target: 'proxy.golang.org:443', proxy: 'http://squid:3128', ok: true, ms: 7 }] },
    ]);
    assert.deepEqual(hostTimings(proxied)[0].spans.map((s) => s.phase), ['connect', 'ttfb', 'body']);
  });

  it('matches its snapshot, is well-formed, redacted and labelled', () => {
    const rows = hostTimings(reportOf(Object.values(walks)));
    const svg = renderWaterfallSvg(rows, { idPrefix: 'wf' });
    snapshot('waterfall.svg', svg);
    assert.equal(xmlProblems(svg), '');
    assert.ok(!svg.includes('s3cr3t-canary'));
    assert.match(svg, /aria-labelledby="wf-title wf-desc"/);
    for (const label of ['DNS', 'TCP', 'proxy CONNECT', 'TLS', 'first byte', 'body']) assert.ok(svg.includes(`>${label}</text>`), label);
    assert.match(svg, /gpd-span-failed[^>]*><title>TLS /);
    assert.match(svg, /gpd-span-timeout[^>]*><title>first byte 799 ms \(0\.6 ms → 800 ms\) — no answer<\/title>/);
    assert.equal(renderWaterfallSvg([], {}).includes('No request was timed'), true);
  });

  it('formats times for people', () => {
    assert.deepEqual([formatMs(0.44), formatMs(3.25), formatMs(12.4), formatMs(1500), formatMs(65000)], ['0.4 ms', '3.3 ms', '12 ms', '1.5 s', '65 s']);
  });
});

describe('pictures: translated words', () => {
  const walks = fixedWalks();
  const root = path.resolve(__dirname, '..', '..', '..');

  it('every fixed word of the pictures has a zh-cn translation in the extension bundle', () => {
    const zh = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const en = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    for (const w of PICTURE_WORDS) {
      assert.ok(zh[w], `zh-cn translation of ${JSON.stringify(w)}`);
      assert.equal(en[w], w);
    }
  });

  it('the pictures draw every fixed word through the translation', () => {
    const zh = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>;
    const seen = new Set<string>();
    const tr = (w: string) => {
      seen.add(w);
      return zh[w] ?? `??${w}`;
    };
    const chain = renderChainSvg(walks['served-after-fall-through'], { translate: tr, embedStyle: false, header: false });
    const rows = hostTimings(reportOf(Object.values(walks)));
    const wf = renderWaterfallSvg(rows, { translate: tr, embedStyle: false });
    assert.ok(!chain.includes('??') && !wf.includes('??'), 'only known words are asked for');
    for (const w of ['falls through', 'served', 'got it', 'not found', 'served the module']) assert.ok(chain.includes(zh[w]), w);
    for (const w of ['first byte', 'proxy CONNECT', 'failed', 'no answer']) assert.ok(wf.includes(zh[w]), w);
    assert.ok(!/>falls through</.test(chain));
    for (const w of seen) assert.ok((PICTURE_WORDS as readonly string[]).includes(w), `${w} is listed in PICTURE_WORDS`);
  });
});
