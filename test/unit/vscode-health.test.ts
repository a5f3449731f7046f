import * as assert from 'node:assert/strict';
import { healthOf, servingProxy, worstStatus } from '../../src/vscode/health';
import { isWatchedFile } from '../../src/vscode/watched-files';
import type { CheckResult, Status } from '../../src/core/model/result';

const r = (status: Status): CheckResult => ({ id: 'GPD101', slug: 's', layer: 'environment', title: 't', status, findings: [], durationMs: 0, docs: '' });

describe('vscode health', () => {
  const rows: Array<[Status[], boolean, string]> = [
    [['ok', 'ok'], false, 'healthy'],
    [['ok', 'skipped'], false, 'healthy'],
    [['ok', 'warning'], false, 'degraded'],
    [['ok', 'crashed'], false, 'degraded'],
    [['warning', 'error'], false, 'broken'],
    [['ok', 'skipped'], true, 'offline'],
    [['error', 'skipped'], true, 'broken'],
    [[], false, 'healthy'],
  ];
  for (const [statuses, offline, want] of rows) {
    it(`${statuses.join('+') || 'no checks'}${offline ? ' offline' : ''} → ${want}`, () => assert.equal(healthOf({ results: statuses.map(r), offline }), want));
  }

  it('orders statuses worst first', () => {
    assert.equal(worstStatus([r('ok'), r('warning'), r('skipped')]), 'warning');
    assert.equal(worstStatus([r('crashed'), r('warning')]), 'crashed');
    assert.equal(worstStatus([r('crashed'), r('error')]), 'error');
    assert.equal(worstStatus([r('skipped'), r('ok')]), 'ok');
    assert.equal(worstStatus([]), undefined);
  });

  it('watches the files that can set a Go variable', () => {
    for (const f of ['/w/go.mod', '/w/.gitlab-ci.yml', '/w/.github/workflows/ci.yml', '/w/.github/workflows/ci.yaml', '/w/Dockerfile', '/w/build.dockerfile', '/w/Dockerfile.dev', '/w/.devcontainer/devcontainer.json', '/w/.vscode/settings.json', '/w/.envrc', '/w/go.work']) {
      assert.equal(isWatchedFile(f), true, f);
    }
    for (const f of ['/w/main.go', '/w/settings.json', '/w/.github/ci.yml', '/w/README.md', '/w/package.json']) assert.equal(isWatchedFile(f), false, f);
  });
});

describe('vscode serving proxy', () => {
  const walk = (served: boolean, by: string | null, ms?: number) => ({
    module: 'rsc.io/quote', version: 'v1.5.2', goproxy: '', gonoproxy: '',
    steps: [{ entry: 'https://a.example', file: 'info', outcome: 'not-found', fallsThrough: true, ms: 5 }, { entry: 'https://b.example', file: 'info', outcome: 'ok', fallsThrough: false, ms }],
    verdict: { served, by, error: served ? null : 'x' },
  });
  it('names the entry that served the first served walk, with its .info time', () => {
    const r = { id: 'GPD602', data: [walk(false, null), walk(true, 'https://b.example', 42)] };
    assert.deepEqual(servingProxy([r]), { by: 'https://b.example', ms: 42 });
  });
  it('has no answer without a served walk or without the check', () => {
    assert.equal(servingProxy([{ id: 'GPD602', data: [walk(false, null)] }]), undefined);
    assert.equal(servingProxy([{ id: 'GPD601', data: [walk(true, 'https://b.example', 1)] }]), undefined);
    assert.deepEqual(servingProxy([{ id: 'GPD602', data: [walk(true, 'https://b.example')] }]), { by: 'https://b.example' });
  });
});
