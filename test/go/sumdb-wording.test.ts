/**
 * Which words go leads a checksum-database failure with, decided by go.sum: `verifying go.mod:`
 * for a module go.sum does not know, `verifying module:` once go.sum has its go.mod line.
 * The real go of every release against the lab GOPROXY, with the database behind a dead proxy
 * (nothing leaves the machine), vs src/core/sumdb/verify-wording.ts.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sumdbFailureText, verifyingNoun } from '../../src/core/sumdb/verify-wording';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { goEnv } from '../lab/chain-harness';
import { describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';

const SPEC = 'example.com/hello@v1.0.0';
// sum.golang.org's published key: go reaches it through HTTPS_PROXY, which is dead.
const GOSUMDB = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const CAUSE = `Get "https://sum.golang.org/lookup/${SPEC}": proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused`;

function go(g: GoUnderTest, args: string[], env: Record<string, string>, cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(g.bin, args, { env, cwd, timeout: 30000, encoding: 'utf8' }, (_e, stdout, stderr) => resolve({ stdout, stderr }));
  });
}

describe('go differential: verifying go.mod vs verifying module, from go.sum', function () {
  this.timeout(60000);
  let lab: GoproxyServer;
  let root: string;
  before(async () => {
    lab = await startGoproxyServer();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-sumdb-wording-'));
  });
  after(async () => {
    await lab?.close();
    fs.rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  describeEachGo('sumdb wording', (g) => {
    /** go's error for `go mod download -json SPEC` in a module whose go.sum has `lines`. */
    async function downloadWith(lines: Array<'mod' | 'zip'>): Promise<string> {
      const home = fs.mkdtempSync(path.join(root, `${g.release}-`));
      const work = path.join(home, 'work');
      fs.mkdirSync(work);
      const base = goEnv(home, { GOPROXY: lab.url, HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: 'http://127.0.0.1:1', GONOSUMDB: '', GOPRIVATE: '' }, goPathEnv(g));
      fs.writeFileSync(path.join(work, 'go.mod'), 'module m\n\ngo 1.19\n');
      // The true hashes, from a download without the database.
      await go(g, ['get', SPEC], { ...base, GOSUMDB: 'off' }, work);
      const sum = fs.readFileSync(path.join(work, 'go.sum'), 'utf8').split('\n').filter(Boolean);
      assert.equal(sum.length, 2, sum.join('\n'));
      const keep = sum.filter((l) => (l.includes('/go.mod ') ? lines.includes('mod') : lines.includes('zip')));
      fs.writeFileSync(path.join(work, 'go.sum'), keep.map((l) => `${l}\n`).join(''));
      await go(g, ['clean', '-modcache'], { ...base, GOSUMDB: 'off' }, work);
      const r = await go(g, ['mod', 'download', '-json', SPEC], { ...base, GOSUMDB }, work);
      try {
        return (JSON.parse(r.stdout) as { Error?: string }).Error ?? '';
      } catch {
        return `${r.stdout}${r.stderr}`;
      }
    }

    it('go.sum without the module: verifying go.mod (go checks the go.mod first)', async () => {
      const has = { mod: false, zip: false };
      assert.equal(verifyingNoun(has), 'go.mod');
      assert.equal(await downloadWith([]), sumdbFailureText(SPEC, CAUSE, has));
    });

    it('go.sum with the go.mod line only: verifying module', async () => {
      const has = { mod: true, zip: false };
      assert.equal(verifyingNoun(has), 'module');
      assert.equal(await downloadWith(['mod']), sumdbFailureText(SPEC, CAUSE, has));
    });

    it('go.sum with both lines: no lookup, go succeeds without the database', async () => {
      assert.equal(verifyingNoun({ mod: true, zip: true }), null);
      assert.equal(await downloadWith(['mod', 'zip']), '');
    });
  });
});
