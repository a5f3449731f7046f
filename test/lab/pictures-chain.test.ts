/**
 * The pictures from real chain walks against the lab GOPROXY: served after fall-through,
 * stopped by 403, stalled, TLS failure. Ports and times vary from run to run, so the
 * snapshots are taken with ports replaced by PORT and times hidden; the waterfall is checked
 * for the phases each scenario must show.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { walkChain, type ChainWalk } from '../../src/core/net/chain-walk';
import { closeHttpClients } from '../../src/core/net/http-client';
import { renderChainSvg } from '../../src/core/report/chain-diagram';
import { chainMermaid } from '../../src/core/report/mermaid';
import { hostTimings, renderWaterfallSvg } from '../../src/core/report/waterfall';
import { renderHtml } from '../../src/core/report/html';
import { main } from '../../src/cli/main';
import { startChainLab, type ChainLab } from './chain-harness';
import { snapshot, xmlProblems, reportOf } from '../unit/svg-pictures.test';
import { externalReferences, htmlProblems } from '../unit/html-report.test';

/** The walk with its ephemeral ports and times made stable. */
function stable(w: ChainWalk): ChainWalk {
  const text = JSON.stringify(w, (k, v) => (k === 'ms' || k === 'hops' ? undefined : v)).replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/within \d+ ms/g, 'within N ms');
  return JSON.parse(text) as ChainWalk;
}

describe('pictures of real chain walks in the lab', function () {
  this.timeout(60000);
  let lab: ChainLab;
  const walks: Record<string, ChainWalk> = {};
  const opts = (goproxy: string, env: Record<string, string> = {}, timeoutMs = 3000) => ({ goproxy, gonoproxy: '', platform: 'linux' as const, env, timeoutMs, proxyVariant: 'go1.19' as const });

  before(async () => {
    lab = await startChainLab();
    walks['served-after-fall-through'] = await walkChain('example.com/hello', 'v1.0.0', opts(lab.expand('$P/s404,$P')));
    walks['stopped-by-403'] = await walkChain('example.com/hello', 'v1.0.0', opts(lab.expand('$P/s403,$P')));
    walks.stalled = await walkChain('example.com/hello', 'v1.0.0', opts(lab.expand('$P/stall|$P'), {}, 800));
    // The CA-signed server, with go's default roots: not trusted.
    walks['tls-failure'] = await walkChain('example.com/hello', 'v1.0.0', opts(lab.expand('$CA'), { SSL_CERT_FILE: lab.certFile }));
  });
  after(async () => {
    await closeHttpClients();
    await lab?.close();
  });

  for (const name of ['served-after-fall-through', 'stopped-by-403', 'stalled', 'tls-failure']) {
    it(`${name}: the chain diagram matches its snapshot`, () => {
      const svg = renderChainSvg(stable(walks[name]), { idPrefix: name, showTimes: false });
      snapshot(`lab-chain-${name}.svg`, svg);
      snapshot(`lab-chain-${name}.mmd`, chainMermaid(stable(walks[name]), { showTimes: false }) + '\n');
      assert.equal(xmlProblems(svg), '');
    });
  }

  it('the verdicts the pictures show are the walks\' own', () => {
    assert.equal(walks['served-after-fall-through'].verdict.served, true);
    assert.deepEqual(walks['served-after-fall-through'].steps.map((s) => [s.file, s.outcome, s.fallsThrough]), [
      ['info', 'not-found', true], ['info', 'ok', false], ['mod', 'not-found', true], ['mod', 'ok', false], ['zip', 'not-found', true], ['zip', 'ok', false],
    ]);
    assert.equal(walks['stopped-by-403'].steps.length, 1);
    assert.equal(walks.stalled.verdict.hang, true);
    assert.match(walks['tls-failure'].verdict.error ?? '', /x509: certificate signed by unknown authority/);
  });

  it('the waterfall shows each scenario\'s phases as measured', () => {
    const rows = hostTimings(reportOf(Object.values(walks)));
    const lab404 = rows.find((r) => r.host === lab.http.url.replace(/\/$/, ''))!;
    assert.ok(lab404, JSON.stringify(rows.map((r) => r.host)));
    // A new connection to an IP literal: no DNS, then TCP, first byte, body.
    assert.deepEqual(lab404.spans.map((s) => s.phase), ['tcp', 'ttfb', 'body']);
    for (const s of lab404.spans) assert.ok(s.end >= s.start && s.start >= 0, JSON.stringify(s));
    const tls = rows.find((r) => r.host.startsWith('https://'))!;
    assert.deepEqual(tls.spans.map((s) => [s.phase, s.state]), [['tcp', 'ok'], ['tls', 'failed']]);
    const svg = renderWaterfallSvg(rows);
    assert.equal(xmlProblems(svg), '');
    assert.match(svg, /gpd-span-failed[^>]*><title>TLS /);
    // The stalled walk reuses the keep-alive connection of the lab server only within one walk.
    const stalledRows = hostTimings(reportOf([walks.stalled]));
    assert.deepEqual(stalledRows[0].spans.map((s) => [s.phase, s.state]), [['tcp', 'ok'], ['ttfb', 'timeout']]);
    assert.ok(stalledRows[0].total >= 700, String(stalledRows[0].total));
  });

  it('`diagnose --format html` writes one valid self-contained file from a real walk', async () => {
    const dir = fs.mkdtempSync(path.join(lab.dir, 'ws-'));
    fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/ws\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n');
    let out = '';
    let err = '';
    const env = { GOPROXY: lab.expand('$P/s404,$P'), GOSUMDB: 'off', GOFLAGS: '-modcacherw', PATH: '/usr/bin:/bin', HOME: lab.dir, GOENV: 'off', GOTOOLCHAIN: 'local' };
    const code = await main(['diagnose', dir, '--only', 'GPD602', '--format', 'html', '--timeout', '3000'], {
      stdout: (s) => { out += s; }, stderr: (s) => { err += s; }, stdoutIsTTY: false, stderrIsTTY: false, env, cwd: dir,
    });
    assert.ok(code === 0 || code === 1, `exit ${code}: ${err}`);
    assert.match(out, /^<!DOCTYPE html>/);
    assert.deepEqual(externalReferences(out), []);
    assert.deepEqual(htmlProblems(out), []);
    assert.equal(xmlProblems(out), '');
    assert.match(out, /<svg [^>]*class="gpd-pic gpd-chain"/);
    assert.match(out, /<svg [^>]*class="gpd-pic gpd-waterfall"/);
    assert.match(out, /go downloads example\.com\/hello@v1\.0\.0 from http:\/\/127\.0\.0\.1:\d+/);
    assert.equal(renderHtml(JSON.parse(JSON.stringify({ schemaVersion: 1, tool: { name: 'go-proxy-doctor', version: '0' }, dir, startedAt: '', durationMs: 0, offline: false, platform: 'linux', go: { path: null, version: null }, environment: {}, summary: { ok: 0, warning: 0, error: 0, skipped: 0, crashed: 0 }, results: [] }))).includes('No chain walk'), true);
  });
});
