import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { goauth } from '../../src/core/checks/environment/goauth';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { TestCA } from '../lab/test-ca';
import { goModDownloadError, runOneCheck } from './run-one-check';
import { atLeast, describeEachGo, goPathEnv } from './go-versions';

/**
 * Differential test of GPD108 (goauth): the lab GOPROXY over https on 127.0.0.1 answers 401
 * under /auth/ unless it gets Basic lab:secret. For each .netrc and GOAUTH, the real go either
 * downloads (it sent the right credentials), gets 401 (it sent none or wrong ones) or stops
 * with a GOAUTH error; the check must have said exactly that, for each release.
 */
interface Case {
  name: string;
  /** .netrc text ({P} is the proxy's port); lines marked GOOD carry lab:secret. */
  netrc?: string;
  /** Extra environment ({P}, {HOME} replaced). */
  env?: Record<string, string>;
  /** Write the netrc here instead of $HOME/.netrc and point NETRC at it. */
  netrcVar?: boolean;
}

const GOOD = 'login lab password secret';
const WRONG = 'login lab password WRONG';

const CASES: Case[] = [
  { name: 'machine is the host name', netrc: `machine 127.0.0.1 ${GOOD}\n` },
  { name: 'machine is host:port', netrc: `machine 127.0.0.1:{P} ${GOOD}\n` },
  { name: 'machine is host:port/path', netrc: `machine 127.0.0.1:{P}/auth ${GOOD}\n` },
  { name: 'machine written with https://', netrc: `machine https://127.0.0.1:{P} ${GOOD}\n` },
  { name: 'machine on its own line, login and password on the next', netrc: `machine 127.0.0.1:{P}\n  ${GOOD}\nmachine 127.0.0.1\n  ${GOOD}\n` },
  { name: 'the first entry of a machine wins (host:port)', netrc: `machine 127.0.0.1:{P} ${GOOD}\nmachine 127.0.0.1:{P} ${WRONG}\n` },
  { name: 'the first entry of a machine wins (host)', netrc: `machine 127.0.0.1 ${WRONG}\nmachine 127.0.0.1 ${GOOD}\n` },
  { name: 'a longer prefix wins over a shorter one', netrc: `machine 127.0.0.1:{P} ${WRONG}\nmachine 127.0.0.1:{P}/auth ${GOOD}\n` },
  { name: 'an entry without login is ignored', netrc: `machine 127.0.0.1:{P} password secret\nmachine 127.0.0.1 password secret\n` },
  { name: '$NETRC names the file', netrc: `machine 127.0.0.1 ${GOOD}\nmachine 127.0.0.1:{P} ${GOOD}\n`, netrcVar: true },
  { name: 'GOAUTH=off with netrc entries', netrc: `machine 127.0.0.1 ${GOOD}\nmachine 127.0.0.1:{P} ${GOOD}\n`, env: { GOAUTH: 'off' } },
  { name: 'GOAUTH=off and user info in the URL', env: { GOAUTH: 'off', GOPROXY: 'https://lab:secret@127.0.0.1:{P}/auth' } },
  { name: 'good user info in the URL, wrong netrc', netrc: `machine 127.0.0.1 ${WRONG}\nmachine 127.0.0.1:{P} ${WRONG}\n`, env: { GOPROXY: 'https://lab:secret@127.0.0.1:{P}/auth' } },
  { name: 'wrong user info in the URL, good netrc', netrc: `machine 127.0.0.1 ${GOOD}\nmachine 127.0.0.1:{P} ${GOOD}\n`, env: { GOPROXY: 'https://lab:WRONG@127.0.0.1:{P}/auth' } },
  { name: 'GOAUTH=NETRC (upper case) is a command', netrc: `machine 127.0.0.1 ${GOOD}\nmachine 127.0.0.1:{P} ${GOOD}\n`, env: { GOAUTH: 'NETRC' } },
  { name: 'GOAUTH with spaces around netrc', netrc: `machine 127.0.0.1:{P} ${GOOD}\n`, env: { GOAUTH: '  netrc  ' } },
  { name: 'GOAUTH=netrc;off', netrc: `machine 127.0.0.1 ${GOOD}\n`, env: { GOAUTH: 'netrc;off' } },
  { name: 'GOAUTH=netrc; (an empty command)', netrc: `machine 127.0.0.1 ${GOOD}\n`, env: { GOAUTH: 'netrc;' } },
  { name: 'GOAUTH=git (no folder)', env: { GOAUTH: 'git' } },
  { name: 'GOAUTH=git with a relative folder', env: { GOAUTH: 'git relative/dir' } },
  { name: 'GOAUTH=git with a missing folder', env: { GOAUTH: 'git {HOME}/missing' } },
  { name: 'GOAUTH=git with a file, not a folder', env: { GOAUTH: 'git {HOME}/.netrc' }, netrc: '' },
  { name: 'GOAUTH: the last command is checked first (off;git relative)', env: { GOAUTH: 'off;git relative' } },
  { name: 'GOAUTH: the last command is checked first (git relative;off)', env: { GOAUTH: 'git relative;off' } },
  { name: 'GOAUTH=netrc;git {HOME}/missing: the git folder is checked before netrc is read', netrc: `machine 127.0.0.1:{P} ${GOOD}\n`, env: { GOAUTH: 'netrc;git {HOME}/missing' } },
];


describeEachGo('go differential: the credentials go sends to a GOPROXY (GPD108 goauth)', (g) => {
  let ca: TestCA;
  let proxy: GoproxyServer;
  let root = '';
  before(async function () {
    this.timeout(60000);
    ca = TestCA.create();
    const leaf = ca.issue({ ips: ['127.0.0.1'] });
    root = ca.writeFile('root.pem', ca.root.certPem);
    proxy = await startGoproxyServer({ tls: { key: leaf.keyPem, cert: ca.fullChain(leaf) } });
  });
  after(async () => {
    await proxy?.close();
    ca?.cleanup();
  });

  for (const c of CASES) {
    it(c.name, async function () {
      this.timeout(90000);
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-goauth-'));
      try {
        const fill = (s: string) => s.replace(/\{P\}/g, String(proxy.port)).replace(/\{HOME\}/g, home);
        const netrcFile = c.netrcVar ? path.join(home, 'elsewhere', 'my-netrc') : path.join(home, '.netrc');
        if (c.netrc !== undefined) {
          fs.mkdirSync(path.dirname(netrcFile), { recursive: true });
          fs.writeFileSync(netrcFile, fill(c.netrc));
        }
        const env: Record<string, string> = {
          PATH: goPathEnv(g), HOME: home, GOPATH: path.join(home, 'gopath'), GOMODCACHE: path.join(home, 'modcache'),
          GOCACHE: path.join(home, 'gocache'), GOENV: path.join(home, 'goenv'), GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw',
          GOSUMDB: 'off', GOPROXY: `https://127.0.0.1:${proxy.port}/auth`, SSL_CERT_FILE: root, SSL_CERT_DIR: path.join(home, 'no-certs'),
          ...(c.netrcVar ? { NETRC: netrcFile } : {}),
          ...Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, fill(v)])),
        };
        const [r, go] = await Promise.all([runOneCheck(goauth, env, home), goModDownloadError(g, env, home)]);
        assert.notEqual(r.status, 'crashed', r.reason);
        const all = JSON.stringify(r);
        assert.ok(!all.includes('secret') && !all.includes('WRONG'), `a credential leaked into the result: ${all}`);
        const error = r.findings.find((f) => f.severity === 'error');
        if (error) {
          const quoted = /`(go: GOAUTH[^`]*)`/.exec(error.message)?.[1];
          assert.equal(go, quoted, `ours: ${error.message}`);
          assert.ok(atLeast(g, 24), 'only Go 1.24+ knows GOAUTH');
          return;
        }
        const data = r.data as { proxies: Array<{ sends: string; line?: number }> };
        const plan = data.proxies[0];
        const netrcLines = fs.existsSync(netrcFile) ? fs.readFileSync(netrcFile, 'utf8').split('\n') : [];
        const userinfo = /\/\/lab:(\w+)@/.exec(env.GOPROXY)?.[1];
        // The entry's credentials may sit on the line after `machine`.
        const entryText = plan.line ? netrcLines.slice(plan.line - 1, plan.line + 1).join(' ') : '';
        const good = plan.sends === 'netrc' ? /password secret/.test(entryText.split('machine').slice(0, 2).join('machine')) : plan.sends === 'url-userinfo' ? userinfo === 'secret' : false;
        if (good) assert.equal(go, 'ok', `we said go sends working credentials (${JSON.stringify(plan)}); go: ${go}`);
        else assert.match(go, /401 Unauthorized/, `we said go sends ${plan.sends === 'none' ? 'none' : 'wrong ones'} (${JSON.stringify(plan)}); go: ${go}`);
      } finally {
        fs.rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    });
  }
});
