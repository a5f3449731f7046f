/** The chain walk and the real go against real nginx serving a static GOPROXY tree. */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { walkChain } from '../../src/core/net/chain-walk';
import { buildFixtures } from './module-fixtures';
import { startNginxGoproxy, type NginxGoproxy } from './nginx';
import { goEnv } from './chain-harness';
import { proxyVariantOf } from '../../src/core/net/hosts-needed';
import { describeEachGo, goPathEnv, type GoUnderTest } from '../go/go-versions';

function goDownload(g: GoUnderTest, mv: string, env: Record<string, string>, cwd: string): Promise<{ code: number; json: { Error?: string; Zip?: string } }> {
  return new Promise((resolve) => {
    execFile(g.bin, ['mod', 'download', '-json', mv], { env, cwd, timeout: 30000 }, (err, stdout) => {
      let json: { Error?: string; Zip?: string } = {};
      try {
        json = JSON.parse(stdout);
      } catch {
        json = { Error: 'no JSON' };
      }
      resolve({ code: err ? 1 : 0, json });
    });
  });
}

describe('nginx as a static GOPROXY', function () {
  this.timeout(60000);
  let nginx: NginxGoproxy;
  let home: string;
  before(async () => {
    nginx = await startNginxGoproxy(buildFixtures());
  });
  after(async () => nginx?.close());
  beforeEach(() => { home = mkdtempSync(path.join(tmpdir(), 'gpd-nginx-go-')); });
  afterEach(() => rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }));

  describeEachGo('nginx', (g) => {
  const cases: Array<{ goproxy: string; mv: string }> = [
    { goproxy: '$N', mv: 'example.com/hello@v1.0.0' },
    { goproxy: '$N', mv: 'example.com/Upper@v1.0.0' },
    { goproxy: '$N', mv: 'example.com/incompat@v2.0.0+incompatible' },
    { goproxy: '$N', mv: 'example.com/hello@v9.9.9' },
    { goproxy: '$N/missing,$N', mv: 'example.com/hello@v1.1.0' },
    { goproxy: '$N/missing', mv: 'example.com/hello@v1.0.0' },
  ];
  for (const c of cases) {
    it(`${c.mv} with GOPROXY=${c.goproxy}: same verdict and error as go`, async () => {
      const goproxy = c.goproxy.replace(/\$N/g, nginx.url);
      const env = goEnv(home, { GOPROXY: goproxy }, goPathEnv(g));
      const go = await goDownload(g, c.mv, env, home);
      const at = c.mv.lastIndexOf('@');
      const w = await walkChain(c.mv.slice(0, at), c.mv.slice(at + 1), { goproxy, gonoproxy: '', platform: 'linux', env, timeoutMs: 5000, proxyVariant: proxyVariantOf(g.release), goVersion: g.release });
      assert.equal(w.verdict.served, go.code === 0 && Boolean(go.json.Zip), JSON.stringify({ go: go.json.Error, us: w.verdict.error }));
      assert.equal(w.verdict.error, go.json.Error ?? null);
    });
  }
  });
});
