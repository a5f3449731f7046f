/**
 * Differential test: for many GOPROXY / GOSUMDB / GOFLAGS / GO111MODULE / GOPRIVATE /
 * GONOPROXY configurations, our verdict on whether go accepts the configuration (and what it
 * then does) must match the real go running `go mod download -json example.com/hello@v1.0.0`
 * against a loopback module proxy and checksum database started here. Every case runs against
 * every go release (go-versions.ts), judged by the rules of that release.
 *
 * Hermetic: every go runs with its own HOME, GOPATH, GOMODCACHE, GOCACHE and GOENV,
 * GOTOOLCHAIN=local, and HTTP(S)_PROXY=http://127.0.0.1:1 so that anything aimed off the
 * machine (direct fetches, sum.golang.org) fails on loopback; loopback URLs are never proxied.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { crc32 } from 'node:zlib';
import { configVerdict, type ConfigVerdict } from '../../src/core/checks/environment/config-verdict';
import { gatherEnvironment } from '../../src/core/env/gather';
import { nodeHost } from '../../src/core/host/node-host';
import { judgeValue } from '../../src/core/checks/environment/judge-value';
import { goflagsErrorFor } from '../../src/core/parse/goflags';
import { goflagsTableFor } from '../../src/core/parse/goflags-table';
import { modulesOffError } from '../../src/core/parse/go111module';
import { noteKeyHash } from '../../src/core/parse/gosumdb';
import { quietTelemetry } from '../lab/chain-harness';
import { describeEachGo, goPathEnv, type GoUnderTest } from './go-versions';

const MOD = 'example.com/hello';
const VER = 'v1.0.0';
const GOMOD = `module ${MOD}\n\ngo 1.19\n`;
const SRC = 'package hello\n\nfunc Hello() string { return "hello" }\n';
const SUMDB_NAME = 'sum.lab.test';
/** go 1.19 suits every release under test (GOTOOLCHAIN=local keeps each on itself). */
const TEST_GOMOD = 'module example.com/m\n\ngo 1.19\n';

/** A stored (uncompressed) zip: enough for go's module zip reader. */
function storedZip(files: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of files) {
    const data = Buffer.from(text);
    const n = Buffer.from(name);
    const crc = crc32(data);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(data.length, 18); h.writeUInt32LE(data.length, 22); h.writeUInt16LE(n.length, 26);
    parts.push(h, n, data);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(files.length, 8); end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** dirhash.Hash1 (x/mod sumdb/dirhash): SHA-256 over "sha256hex  name\n" lines, sorted by name. */
function hash1(files: Array<[string, string]>): string {
  const sorted = [...files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const summary = sorted.map(([n, t]) => `${createHash('sha256').update(t).digest('hex')}  ${n}\n`).join('');
  return 'h1:' + createHash('sha256').update(summary).digest('base64');
}

interface Lab {
  base: string;
  port: number;
  treeDir: string;
  vkey: string;
  close(): Promise<void>;
}

/** A module proxy and a one-record checksum database on 127.0.0.1, port 0. */
async function startLab(root: string): Promise<Lab> {
  const zipFiles: Array<[string, string]> = [[`${MOD}@${VER}/go.mod`, GOMOD], [`${MOD}@${VER}/hello.go`, SRC]];
  const zip = storedZip(zipFiles);
  const info = JSON.stringify({ Version: VER, Time: '2022-01-02T03:04:05Z' });
  const files: Record<string, Buffer | string> = {
    [`/${MOD}/@v/list`]: `${VER}\n`,
    [`/${MOD}/@v/${VER}.info`]: info,
    [`/${MOD}/@v/${VER}.mod`]: GOMOD,
    [`/${MOD}/@v/${VER}.zip`]: zip,
  };
  // The same tree on disk, for file:// GOPROXY values.
  const treeDir = path.join(root, 'tree');
  for (const [p, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(treeDir, p)), { recursive: true });
    writeFileSync(path.join(treeDir, p), body);
  }
  // Checksum database: one record, tree of size 1 (x/mod sumdb/tlog).
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pub = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  const keyBytes = Buffer.concat([Buffer.from([1]), pub]);
  const keyHash = noteKeyHash(SUMDB_NAME, keyBytes);
  const vkey = `${SUMDB_NAME}+${keyHash.toString(16).padStart(8, '0')}+${keyBytes.toString('base64')}`;
  const record = `${MOD} ${VER} ${hash1(zipFiles)}\n${MOD} ${VER}/go.mod ${hash1([['go.mod', GOMOD]])}\n`;
  const leaf = createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(record)])).digest();
  const note = signedNote(`go.sum database tree\n1\n${leaf.toString('base64')}\n`, keyHash, privateKey);
  const db: Record<string, Buffer | string> = {
    [`/lookup/${MOD}@${VER}`]: `0\n${record}\n${note}`,
    '/tile/8/0/000.p/1': leaf,
    '/latest': note,
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let p = decodeURIComponent(url.pathname).replace(/\/{2,}/g, '/');
    let body: Buffer | string | undefined;
    if (p === `/sumdb/${SUMDB_NAME}/supported`) body = '';
    else if (p.startsWith(`/sumdb/${SUMDB_NAME}/`)) body = db[p.slice(`/sumdb/${SUMDB_NAME}`.length)];
    else if (p.startsWith('/sumdb-direct/')) body = db[p.slice('/sumdb-direct'.length)];
    else {
      if (p.startsWith('/prefix/')) p = p.slice('/prefix'.length);
      body = files[p];
    }
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`, port, treeDir, vkey,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/** A well-formed verifier key (random public key) for any database name. */
function keyNamed(name: string): string {
  const key = Buffer.concat([Buffer.from([1]), Buffer.alloc(32, 7)]);
  return `${name}+${noteKeyHash(name, key).toString(16).padStart(8, '0')}+${key.toString('base64')}`;
}

function signedNote(text: string, keyHash: number, key: KeyObject): string {
  const sig = sign(null, Buffer.from(text), key);
  const h = Buffer.alloc(4);
  h.writeUInt32BE(keyHash >>> 0);
  return `${text}\n\u2014 ${SUMDB_NAME} ${Buffer.concat([h, sig]).toString('base64')}\n`;
}

interface GoRun { code: number | null; out: string; stdout: string; stderr: string }

function runGo(g: GoUnderTest, args: string[], env: Record<string, string>, cwd: string): Promise<GoRun> {
  // Go 1.23+ leaves a telemetry child writing under HOME after it exits: off, so clean-up never races it.
  if (env.HOME) quietTelemetry(env.HOME);
  return new Promise((resolve) => {
    const child = spawn(g.bin, args, { env: { ...env, PATH: goPathEnv(g) }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, out: stdout + stderr, stdout, stderr }); });
    child.on('error', (e) => { clearTimeout(timer); resolve({ code: null, out: String(e), stdout, stderr: String(e) }); });
  });
}

/** A case: OS variables, optionally a go/env file. `$P` = the lab proxy base, `$T` = the file tree, `$K` = the lab key. */
interface Case { name: string; os: Record<string, string>; envFile?: string }

const CASES: Case[] = [
  // GOPROXY
  { name: 'GOPROXY=$P', os: { GOPROXY: '$P' } },
  { name: 'spaces around commas are trimmed', os: { GOPROXY: '$P , direct' } },
  { name: 'spaces and "|"', os: { GOPROXY: '  $P  |  direct  ' } },
  { name: 'a tab before the URL', os: { GOPROXY: '\t$P\t' } },
  { name: 'upper-case scheme', os: { GOPROXY: 'HTTP://127.0.0.1:$PORT' } },
  { name: 'query and fragment are carried', os: { GOPROXY: '$P?x=1#frag' } },
  { name: 'trailing slashes', os: { GOPROXY: '$P///' } },
  { name: 'a path prefix', os: { GOPROXY: '$P/prefix' } },
  { name: 'Direct is not a keyword', os: { GOPROXY: 'Direct' } },
  { name: 'DIRECT after a proxy is never reached', os: { GOPROXY: '$P,DIRECT' } },
  { name: 'OFF', os: { GOPROXY: 'OFF' } },
  { name: 'a bare word', os: { GOPROXY: 'proxy' } },
  { name: 'noproxy is not writable', os: { GOPROXY: 'noproxy' } },
  { name: 'off', os: { GOPROXY: 'off' } },
  { name: 'a lone comma', os: { GOPROXY: ',' } },
  { name: 'a lone space', os: { GOPROXY: ' ' } },
  { name: 'only separators', os: { GOPROXY: ', ,|' } },
  { name: 'ftp scheme', os: { GOPROXY: 'ftp://x.example,direct' } },
  { name: 'an absolute path', os: { GOPROXY: '$T' } },
  { name: 'file:// with a host', os: { GOPROXY: 'file://host/srv/x' } },
  { name: 'file:// tree', os: { GOPROXY: 'file://$T' } },
  { name: 'file: without slashes', os: { GOPROXY: 'file:$T' } },
  { name: 'unclosed IPv6 bracket', os: { GOPROXY: 'http://[::1' } },
  { name: 'missing scheme before ://', os: { GOPROXY: '://invalid' } },
  { name: 'a space instead of a comma', os: { GOPROXY: '$P direct' } },
  { name: 'spaces between URLs', os: { GOPROXY: 'https://goproxy.cn https://proxy.golang.org direct' } },
  { name: 'literal quotes', os: { GOPROXY: '"$P"' } },
  { name: 'off then garbage', os: { GOPROXY: 'off,ftp://x.example' } },
  { name: 'direct then garbage (direct fails offline)', os: { GOPROXY: 'direct,ftp://x.example' } },
  { name: 'garbage after direct is never read', os: { GOPROXY: '$P,direct,ftp://x.example' } },
  { name: 'host:port without scheme becomes https', os: { GOPROXY: '127.0.0.1:$PORT' } },
  { name: 'a 404 prefix falls through to the next entry', os: { GOPROXY: '$P/missing,$P' } },
  { name: '"|" then off after a working proxy', os: { GOPROXY: '$P|off' } },
  { name: 'a 404 prefix then off', os: { GOPROXY: '$P/missing,off' } },
  // GOPRIVATE / GONOPROXY
  { name: 'GOPRIVATE covers the module: fetched directly', os: { GOPROXY: '$P', GOPRIVATE: 'example.com' } },
  { name: 'GOPRIVATE with a leading space matches nothing', os: { GOPROXY: '$P', GOPRIVATE: 'other.org, example.com' } },
  { name: 'GOPRIVATE for another host', os: { GOPROXY: '$P', GOPRIVATE: '*.corp.example' } },
  { name: 'GONOPROXY=none with GOPRIVATE: proxied, no sumdb', os: { GOPROXY: '$P', GOPRIVATE: 'example.com', GONOPROXY: 'none', GOSUMDB: 'sum.golang.org+insecure' } },
  { name: 'GONOPROXY path with GOPROXY=off goes direct', os: { GOPROXY: 'off', GONOPROXY: 'example.com' } },
  { name: 'GONOPROXY for another path with GOPROXY=off', os: { GOPROXY: 'off', GONOPROXY: 'other.org' } },
  { name: 'GONOPROXY glob', os: { GOPROXY: '$P', GONOPROXY: '*.com/hel*' } },
  { name: 'GONOPROXY upper case does not match', os: { GOPROXY: '$P', GONOPROXY: 'Example.com' } },
  { name: 'GOPRIVATE with a scheme matches nothing: proxied', os: { GOPROXY: '$P', GOPRIVATE: 'https://example.com' } },
  // GOSUMDB (verification through the lab database)
  { name: 'lab key, reached through the proxy', os: { GOPROXY: '$P', GOSUMDB: '$K' } },
  { name: 'lab key with an explicit URL', os: { GOPROXY: '$P', GOSUMDB: '$K $P/sumdb-direct' } },
  { name: 'GOSUMDB=off', os: { GOPROXY: '$P', GOSUMDB: 'off' } },
  { name: 'GOSUMDB=OFF', os: { GOPROXY: '$P', GOSUMDB: 'OFF' } },
  { name: 'GOSUMDB=on', os: { GOPROXY: '$P', GOSUMDB: 'on' } },
  { name: 'GOSUMDB +insecure', os: { GOPROXY: '$P', GOSUMDB: 'sum.golang.org+insecure' } },
  { name: 'GOSUMDB unknown name', os: { GOPROXY: '$P', GOSUMDB: 'sum.goproxy.cn' } },
  { name: 'GOSUMDB too many fields', os: { GOPROXY: '$P', GOSUMDB: 'a b c' } },
  { name: 'GOSUMDB hash off by one', os: { GOPROXY: '$P', GOSUMDB: 'sum.golang.org+033de0af+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8' } },
  { name: 'GOSUMDB bad URL', os: { GOPROXY: '$P', GOSUMDB: '$K ::bad' } },
  { name: 'GOSUMDB a key whose name has a query', os: { GOPROXY: '$P', GOSUMDB: '$Q' } },
  { name: 'GOSUMDB a key whose name ends in a slash', os: { GOPROXY: '$P', GOSUMDB: '$S' } },
  { name: 'GOSUMDB a key whose name has a user', os: { GOPROXY: '$P', GOSUMDB: '$U' } },
  { name: 'GOSUMDB URL with two colons in the host', os: { GOPROXY: '$P', GOSUMDB: '$K https://127.0.0.1:1:2' } },
  { name: 'GOSUMDB sum.golang.org (unreachable offline)', os: { GOPROXY: '$P', GOSUMDB: 'sum.golang.org' } },
  { name: 'GONOSUMDB exempts the module from a broken GOSUMDB', os: { GOPROXY: '$P', GOSUMDB: 'sum.golang.org+insecure', GONOSUMDB: 'example.com' } },
  // GOFLAGS
  { name: 'GOFLAGS known flags', os: { GOPROXY: '$P', GOFLAGS: '-modcacherw -mod=mod' } },
  { name: 'GOFLAGS double dash', os: { GOPROXY: '$P', GOFLAGS: '--modcacherw' } },
  { name: 'GOFLAGS non-flag', os: { GOPROXY: '$P', GOFLAGS: 'modcacherw' } },
  { name: 'GOFLAGS unknown flag', os: { GOPROXY: '$P', GOFLAGS: '-modcachrw' } },
  { name: 'GOFLAGS lone dash', os: { GOPROXY: '$P', GOFLAGS: '-' } },
  { name: 'GOFLAGS -=x', os: { GOPROXY: '$P', GOFLAGS: '-=x' } },
  { name: 'GOFLAGS bad boolean for a flag of mod download', os: { GOPROXY: '$P', GOFLAGS: '-json=maybe' } },
  { name: 'GOFLAGS bad boolean for a flag mod download lacks', os: { GOPROXY: '$P', GOFLAGS: '-e=maybe' } },
  { name: 'GOFLAGS value flag without value', os: { GOPROXY: '$P', GOFLAGS: '-modfile' } },
  { name: 'GOFLAGS -insecure (only go get defines it)', os: { GOPROXY: '$P', GOFLAGS: '-insecure' } },
  { name: 'GOFLAGS quote inside a word', os: { GOPROXY: '$P', GOFLAGS: "-ldflags='-s -w'" } },
  { name: 'GOFLAGS a quoted word', os: { GOPROXY: '$P', GOFLAGS: "'-ldflags=-s -w' -json" } },
  { name: 'GOFLAGS a double-quoted word', os: { GOPROXY: '$P', GOFLAGS: '"-json=maybe"' } },
  { name: 'GOFLAGS an unclosed quote', os: { GOPROXY: '$P', GOFLAGS: "'-json" } },
  { name: 'GOFLAGS -test.* names of go test', os: { GOPROXY: '$P', GOFLAGS: '--test.benchtime=1s -test.v -test.count=2' } },
  { name: 'GOFLAGS an unknown -test.* name', os: { GOPROXY: '$P', GOFLAGS: '-test.bogus=1' } },
  { name: 'GOFLAGS -C needs a value where it exists', os: { GOPROXY: '$P', GOFLAGS: '-C' } },
  { name: 'GOFLAGS a vertical tab between words', os: { GOPROXY: '$P', GOFLAGS: '-json\v-x' } },
  // GO111MODULE
  { name: 'GO111MODULE=on', os: { GOPROXY: '$P', GO111MODULE: 'on' } },
  { name: 'GO111MODULE=auto', os: { GOPROXY: '$P', GO111MODULE: 'auto' } },
  { name: 'GO111MODULE=off', os: { GOPROXY: '$P', GO111MODULE: 'off' } },
  { name: 'GO111MODULE=yes', os: { GOPROXY: '$P', GO111MODULE: 'yes' } },
  { name: 'GO111MODULE=ON', os: { GOPROXY: '$P', GO111MODULE: 'ON' } },
  // The go/env file
  { name: 'go/env GOPROXY=Direct, OS unset', os: {}, envFile: 'GOPROXY=Direct\n' },
  { name: 'go/env GOPROXY=Direct hidden by the OS value', os: { GOPROXY: '$P' }, envFile: 'GOPROXY=Direct\n' },
  { name: 'go/env used when the OS value is empty', os: { GOPROXY: '' }, envFile: 'GOPROXY=$P\n' },
  { name: 'go/env GOSUMDB +insecure', os: { GOPROXY: '$P' }, envFile: 'GOSUMDB=sum.golang.org+insecure\n' },
];

describeEachGo('go differential: does go accept this configuration (go mod download)', function (this: Mocha.Suite, g) {
  this.timeout(600_000);
  let root: string;
  let lab: Lab;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'gpd-accept-'));
    lab = await startLab(root);
    const v = await runGo(g, ['version'], { HOME: root, GOTOOLCHAIN: 'local', GOENV: path.join(root, 'no-env') }, root);
    assert.match(v.out, new RegExp(`^go version ${g.release.replace(/\./g, '\\.')} `));
  });
  after(async () => {
    await lab?.close();
    if (root) rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  const subst = (s: string) => s.replace(/\$PORT/g, String(lab.port)).replace(/\$P/g, lab.base).replace(/\$T/g, lab.treeDir).replace(/\$K/g, lab.vkey)
    .replace(/\$Q/g, keyNamed('sum.lab.test?x')).replace(/\$S/g, keyNamed('sum.lab.test/')).replace(/\$U/g, keyNamed('me:pw@sum.lab.test'));

  CASES.forEach((c, i) => {
    it(`${i + 1}. ${c.name}`, async () => {
      const dir = path.join(root, `case-${i}`);
      const modDir = path.join(dir, 'm');
      mkdirSync(modDir, { recursive: true });
      writeFileSync(path.join(modDir, 'go.mod'), TEST_GOMOD);
      const envFilePath = path.join(dir, 'config', 'go', 'env');
      if (c.envFile !== undefined) {
        mkdirSync(path.dirname(envFilePath), { recursive: true });
        writeFileSync(envFilePath, subst(c.envFile));
      }
      const osVars: Record<string, string> = {};
      for (const [k, v] of Object.entries(c.os)) osVars[k] = subst(v);
      const env: Record<string, string> = {
        PATH: '/usr/bin:/bin', HOME: dir, GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
        GOCACHE: path.join(dir, 'cache'), GOENV: envFilePath, GOTOOLCHAIN: 'local', GOSUMDB: 'off',
        HTTP_PROXY: 'http://127.0.0.1:1', HTTPS_PROXY: 'http://127.0.0.1:1',
        ...osVars,
        GOFLAGS: `-modcacherw${osVars.GOFLAGS !== undefined ? ' ' + osVars.GOFLAGS : ''}`,
      };
      if (c.os.GOSUMDB === undefined && c.envFile?.includes('GOSUMDB')) delete env.GOSUMDB;

      // Our side: the effective environment as we compute it, then the verdict.
      const host = nodeHost({ env, cwd: modDir, homedir: dir, platform: 'linux' });
      const goEnv = await gatherEnvironment(host, { noExec: true, cwd: modDir });
      const val = (k: string) => goEnv.vars[k]?.value ?? '';
      const verdict = configVerdict({
        GOFLAGS: val('GOFLAGS'), GO111MODULE: val('GO111MODULE'), GOPROXY: val('GOPROXY'), GONOPROXY: val('GONOPROXY'),
        GONOSUMDB: val('GONOSUMDB'), GOPRIVATE: val('GOPRIVATE'), GOSUMDB: val('GOSUMDB'),
      }, MOD, 'linux', 'mod download', g.release);
      const expected = expectedOutcome(verdict, lab);

      // go's side.
      const r = await runGo(g, ['mod', 'download', '-json', `${MOD}@${VER}`], env, modDir);
      // `go mod download -json` reports module errors in the JSON "Error" field, the rest on stderr.
      let said = r.stderr;
      try {
        const j = JSON.parse(r.stdout) as { Error?: string };
        if (j.Error) said += '\n' + j.Error;
      } catch {
        said += '\n' + r.stdout;
      }
      const show = `go said (exit ${r.code}):\n${r.out.slice(0, 1500)}\nour verdict: ${JSON.stringify(verdict)}`;
      if (expected.kind === 'ok') {
        assert.equal(r.code, 0, show);
        assert.match(r.out, /"Zip":/, show);
      } else {
        assert.notEqual(r.code, 0, show);
        assert.ok(said.includes(expected.text), `expected go to say ${JSON.stringify(expected.text)}\n${show}`);
      }
    });
  });
  /** Seeded generator of values from pieces (reproducible). */
  function generate(tokens: string[], count: number, seed0: number, maxPieces: number): string[] {
    let seed = seed0;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    const out = new Set<string>();
    for (let tries = 0; out.size < count && tries < count * 50; tries++) {
      let v = '';
      const n = 1 + rand(maxPieces);
      for (let i = 0; i < n; i++) v += tokens[rand(tokens.length)];
      out.add(v);
    }
    return [...out];
  }

  /** Runs one generated configuration through go and through configVerdict; returns a mismatch or null. */
  async function compareGenerated(tag: string, osVars: Record<string, string>, w: number): Promise<string | null> {
    const dir = path.join(root, `gen-${tag}-${w}`);
    const modDir = path.join(dir, 'm');
    mkdirSync(modDir, { recursive: true });
    writeFileSync(path.join(modDir, 'go.mod'), TEST_GOMOD);
    rmSync(path.join(dir, 'gopath'), { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    const env: Record<string, string> = {
      PATH: '/usr/bin:/bin', HOME: dir, GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
      GOCACHE: path.join(dir, 'cache'), GOENV: path.join(dir, 'no-env'), GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', GOSUMDB: 'off',
      HTTP_PROXY: 'http://127.0.0.1:1', HTTPS_PROXY: 'http://127.0.0.1:1', GOPROXY: lab.base, ...osVars,
    };
    const verdict = configVerdict({ GOFLAGS: env.GOFLAGS, GOPROXY: env.GOPROXY, GOSUMDB: env.GOSUMDB }, MOD, 'linux', 'mod download', g.release);
    const expected = expectedOutcome(verdict, lab);
    const r = await runGo(g, ['mod', 'download', '-json', `${MOD}@${VER}`], env, modDir);
    let said = r.stderr;
    try {
      said += '\n' + ((JSON.parse(r.stdout) as { Error?: string }).Error ?? '');
    } catch {
      said += '\n' + r.stdout;
    }
    const ok = expected.kind === 'ok' ? r.code === 0 : r.code !== 0 && said.includes(expected.text);
    return ok ? null : `${JSON.stringify(osVars)}: expected ${JSON.stringify(expected)}, go (exit ${r.code}) said ${JSON.stringify(said.trim().slice(0, 300))}`;
  }

  async function compareAll(tag: string, configs: Array<Record<string, string>>): Promise<string[]> {
    const mismatches: string[] = [];
    let next = 0;
    await Promise.all([0, 1, 2, 3, 4, 5].map(async (w) => {
      while (next < configs.length) {
        const m = await compareGenerated(tag, configs[next++], w);
        if (m) mismatches.push(m);
      }
    }));
    return mismatches;
  }

  it('generated GOSUMDB values: our verdict equals go\'s', async () => {
    const tokens = ['sum.golang.org', '+', '033de0ae', '033de0af', 'Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8', 'AAAA', '=', ' ', '\t', 'off', 'OFF', 'on',
      'insecure', 'https://', 'h', '::bad', '%zz', 'sum.golang.google.cn', 'x.example', '/', '$K', '$P/sumdb-direct'];
    const values = generate(tokens, 120, 424242, 4).map((v) => subst(v)).filter((v) => v.trim() !== '');
    // Anything aimed off the machine (https://sum.golang.org, an explicit https URL) meets the
    // refusing HTTPS_PROXY on 127.0.0.1:1, so every value is safe to try.
    assert.deepEqual(await compareAll('sumdb', values.map((v) => ({ GOSUMDB: v }))), []);
  });

  it('generated GOFLAGS values: our verdict equals go\'s', async () => {
    // -modfile=F and -overlay=F name files, which only the goflags check (with the folder) judges.
    const tokens = ['-', '--', '---', 'modcacherw', 'json', 'x', 'mod', 'modfile', 'e', 'insecure', 'bogus', 'reuse', 'overlay', '=', '=maybe', '=true', '=0', '=mod', ' ', '\t',
      "'", '"', 'test.', 'benchtime', 'v', 'C'];
    const values = generate(tokens, 150, 777, 5).filter((v) => v.trim() !== '' && !/-(modfile|overlay)=/.test(v));
    assert.deepEqual(await compareAll('goflags', values.map((v) => ({ GOFLAGS: `-modcacherw ${v}` }))), []);
  });
});


/**
 * What go will do, from our verdict: fail with the configuration error, or walk the route
 * (our lab proxy answers; anything else fails on loopback) and verify with the lab database.
 */
function expectedOutcome(v: ConfigVerdict, lab: Lab): { kind: 'ok' } | { kind: 'fail'; text: string } {
  if (!v.accepted) return { kind: 'fail', text: v.error! };
  // TryProxies' error choice (proxy.go:138-184): direct > last proxy error > last not-found.
  let best = '';
  let rank = 0;
  let downloaded = false;
  for (const step of v.route) {
    if (step.kind === 'direct') {
      best = `unrecognized import path "${MOD}"`;
      rank = 2;
      break;
    }
    if (step.kind === 'off') {
      if (rank === 0) best = 'module lookup disabled by GOPROXY=off';
      break;
    }
    const u = new URL(step.url!);
    const pathPart = u.pathname.replace(/\/+$/, '');
    if (u.protocol === 'file:' ? pathPart === lab.treeDir : u.protocol === 'http:' && u.host === `127.0.0.1:${lab.port}` && (pathPart === '' || pathPart === '/prefix')) {
      downloaded = true;
      break;
    }
    if (u.protocol === 'https:') {
      best = 'http: server gave HTTP response to HTTPS client';
      rank = 1;
      if (!step.fallBackOnError) break;
      continue;
    }
    // Our server answers 404 for any other path: go moves on after a 404.
    if (rank === 0) best = '404 Not Found';
  }
  if (!downloaded) return { kind: 'fail', text: best };
  if (v.sumdb.used) {
    const p = v.sumdb.parse!;
    // Not the lab database: the proxy answers 404 to /sumdb/<name>/supported, so go goes to
    // https://<name> directly (or to the explicit URL), which fails on loopback.
    if (p.url && !p.url.startsWith(`${lab.base}/`)) return { kind: 'fail', text: `Get "${p.url.replace(/\/+$/, '')}/lookup/${MOD}@${VER}"` };
    if (p.name !== SUMDB_NAME) return { kind: 'fail', text: `Get "${p.url ? p.url.replace(/\/+$/, '') : `https://${p.name}`}/lookup/${MOD}@${VER}"` };
  }
  return { kind: 'ok' };
}

describeEachGo('go differential: the GOFLAGS table of this release', function (this: Mocha.Suite, g) {
  this.timeout(300_000);
  let root: string;
  before(() => { root = mkdtempSync(path.join(tmpdir(), 'gpd-goflags-')); });
  after(() => rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));
  const env = () => ({ HOME: root, GOPATH: path.join(root, 'gp'), GOCACHE: path.join(root, 'c'), GOENV: path.join(root, 'none'), GOTOOLCHAIN: 'local', GOPROXY: 'off' });
  const table = () => goflagsTableFor(g.release);
  it('the table is the one taken from this release', () => assert.equal(table().go, g.release));
  it('scripts/goflags-table.mjs, run on this go now, writes the table in the sources', () => {
    const file = path.join(__dirname, '..', '..', '..', 'src', 'core', 'parse', `goflags-go1${g.minor}.ts`);
    const generated = execFileSync('node', [path.join(__dirname, '..', '..', '..', 'scripts', 'goflags-table.mjs'), g.bin], { encoding: 'utf8', timeout: 240_000 });
    assert.equal(generated, readFileSync(file, 'utf8'), `regenerate with: node scripts/goflags-table.mjs ${g.bin} > ${path.relative(process.cwd(), file)}`);
  });
  // A sample of flags per command: value flags without a value, boolean flags with a bad
  // value, flags the command does not define (ignored), quoting, and go get's retired flags.
  const samples: Array<[string, string]> = [
    ['mod download', '-json=maybe'], ['mod download', '-x=maybe'], ['mod download', '-modfile'], ['mod download', '-mod'], ['mod download', '-reuse'],
    ['get', '-insecure=maybe'], ['get', '-d=maybe'], ['get', '-mod'], ['get', '-modfile'], ['get', '-d=false'], ['get', '-u=bogus'], ['get', '-u=patch'], ['get', '-m'], ['get', '-insecure'],
    ['build', '-mod'], ['build', '-o'], ['build', '-race=maybe'], ['build', '-json=maybe'], ['build', '-buildvcs=auto'], ['build', '-buildvcs=maybe'], ['build', '-mod=bogus'],
    ['list', '-e=maybe'], ['list', '-f'], ['list', '-versions=maybe'], ['mod tidy', '-compat'], ['mod tidy', '-e=maybe'],
    ['env', '-bogus'], ['bug', '-bogus'], ['version', '-m=maybe'], ['env', '-json=maybe'], ['env', 'nonflag -json=maybe'], ['bug', '-v=maybe'],
    ['test', '--test.benchtime=1s'], ['test', '-test.count'], ['test', '-test.v=maybe'], ['test', '-v=maybe'], ['test', '-v=test2json'], ['test', '-test.bogus=1'],
    ['list', "'-e=maybe'"], ['list', '"-f" -e'], ['list', "-f='{{.Dir}}'"], ['list', "'-e"], ['env', "'-json=maybe"], ['list', '-e\v-x'],
  ];
  for (const [cmd, flag] of samples) {
    it(`go ${cmd} with GOFLAGS=${flag}`, async () => {
      const predicted = goflagsErrorFor(flag, cmd, 'linux', g.release);
      // go get's retired flags and -mod's values are checked after the flags are parsed, so
      // those run for real (in a folder without go.mod, where nothing is downloaded).
      const late = cmd === 'get' || flag.startsWith('-mod=');
      const r = await runGo(g, [...cmd.split(' '), ...(late ? [] : ['-h'])], { ...env(), GOFLAGS: flag }, root);
      if (predicted) assert.ok(r.out.includes(predicted.error), `expected ${JSON.stringify(predicted.error)}, go said:\n${r.out.slice(0, 800)}`);
      else assert.ok(!/\$GOFLAGS|not supported|may not be|unknown upgrade flag|unterminated/.test(r.out), `expected go to accept it, go said:\n${r.out.slice(0, 800)}`);
    });
  }
  it('every flag name in the table is known to this go, and a typo is not', async () => {
    const wrong: string[] = [];
    for (const name of [...table().known, 'zzbogus', 'test.zzbogus']) {
      const r = await runGo(g, ['list', '-h'], { ...env(), GOFLAGS: `-${name}=x` }, root);
      if (r.out.includes(`unknown flag -${name}`) !== name.includes('zzbogus')) wrong.push(`-${name}: ${r.out.slice(0, 200)}`);
    }
    assert.deepEqual(wrong, []);
  });
  it('every command applies each flag of its table as the kind the table says', async () => {
    const wrong: string[] = [];
    for (const [cmd, flags] of Object.entries(table().commands)) {
      for (const [name, kind] of Object.entries(flags)) {
        const flag = kind === 'bool' ? `-${name}=notabool` : `-${name}`;
        const r = await runGo(g, [...cmd.split(' '), '-h'], { ...env(), GOFLAGS: flag }, root);
        const predicted = goflagsErrorFor(flag, cmd, 'linux', g.release);
        if (!predicted || !r.out.includes(predicted.error)) wrong.push(`go ${cmd} GOFLAGS=${flag}: we say ${JSON.stringify(predicted?.error)}, go said ${JSON.stringify(r.out.slice(0, 200))}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});

describeEachGo('go differential: GO111MODULE=off in a module', function (this: Mocha.Suite, g) {
  this.timeout(300_000);
  let root: string;
  let modDir: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'gpd-gomodoff-'));
    modDir = path.join(root, 'm');
    mkdirSync(modDir, { recursive: true });
    writeFileSync(path.join(modDir, 'go.mod'), `${TEST_GOMOD}\nrequire ${MOD} ${VER}\n`);
    writeFileSync(path.join(modDir, 'm.go'), `package m\n\nimport _ "${MOD}"\n`);
  });
  after(() => rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));
  const env = () => ({ HOME: root, GOPATH: path.join(root, 'gp'), GOCACHE: path.join(root, 'c'), GOENV: path.join(root, 'none'), GOTOOLCHAIN: 'local', GOPROXY: 'off', GOFLAGS: '-modcacherw', GO111MODULE: 'off' });
  const finding = () => judgeValue('GO111MODULE', 'off', {}, 'linux', { goVersion: g.release, inModule: true });

  it('the doctor calls it an error here', () => {
    const [f] = finding();
    assert.equal(f.severity, 'error');
  });
  for (const [args, command] of [[['mod', 'download'], 'mod download'], [['mod', 'tidy'], 'mod tidy'], [['get', `${MOD}@${VER}`], 'get'], [['list', '-m', 'all'], 'list -m']] as Array<[string[], string]>) {
    it(`go ${args.join(' ')} fails with the words the doctor quotes`, async () => {
      const r = await runGo(g, args, env(), modDir);
      const want = modulesOffError(command, g.release)!;
      assert.notEqual(r.code, 0, r.out);
      assert.ok(r.out.includes(want), `expected ${JSON.stringify(want)}, go said:\n${r.out.slice(0, 800)}`);
      if (command !== 'list -m') assert.ok(finding()[0].message.includes(want), finding()[0].message);
    });
  }
  it('go build fails on the import of a required module, as the doctor says', async () => {
    const r = await runGo(g, ['build', '.'], env(), modDir);
    assert.notEqual(r.code, 0, r.out);
    assert.ok(r.out.includes(`cannot find package "${MOD}" in any of`), r.out);
    assert.ok(finding()[0].message.includes('cannot find package "<path>" in any of'), finding()[0].message);
  });
});

describeEachGo('go differential: generated GOPROXY values parse exactly as go parses them', function (this: Mocha.Suite, g) {
  this.timeout(600_000);
  let root: string;
  before(() => { root = mkdtempSync(path.join(tmpdir(), 'gpd-goproxy-gen-')); });
  after(() => rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));

  // Pieces that exercise every branch of proxyList/newProxyRepo and url.Parse.
  const TOKENS = ['direct', 'Direct', 'off', 'OFF', ' ', ',', '|', '\t', 'http://', 'https://', 'HTTPS://', 'file://', 'file:', 'ftp://', 'x:',
    '127.0.0.1', ':8080', ':80x', '[::1', '[::1]', ']', '/path', '/', '?q=1', '?', '#frag', '%zz', '%41', '%2F', '@', 'user:pw@', 'us er@',
    '"', "'", ';', 'proxy.example', 'localhost', 'noproxy', '//', '\\', ':', 'é', '://', 'a b', '*', '%25', '[fe80::1%25en0]', '.', '-'];
  let seed = 20260601;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed % n;
  };
  const values = new Set<string>();
  while (values.size < 400) {
    let v = '';
    const n = 1 + rand(6);
    for (let i = 0; i < n; i++) v += TOKENS[rand(TOKENS.length)];
    if (v.trim() === '' && v !== ' ') continue;
    values.add(v);
  }

  it(`our GOPROXY verdict equals go's for ${values.size} generated values`, async () => {
    const { parseGoproxy } = await import('../../src/core/parse/goproxy-list');
    const modDir = path.join(root, 'm');
    mkdirSync(modDir, { recursive: true });
    writeFileSync(path.join(modDir, 'go.mod'), TEST_GOMOD);
    const mismatches: string[] = [];
    const list = [...values];
    let next = 0;
    const worker = async (w: number) => {
      while (next < list.length) {
        const v = list[next++];
        const dir = path.join(root, `w${w}`);
        const env: Record<string, string> = {
          PATH: '/usr/bin:/bin', HOME: dir, GOPATH: path.join(dir, 'gopath'), GOMODCACHE: path.join(dir, 'gopath', 'pkg', 'mod'),
          GOCACHE: path.join(dir, 'cache'), GOENV: path.join(dir, 'no-env'), GOTOOLCHAIN: 'local', GOFLAGS: '-modcacherw', GOSUMDB: 'off',
          HTTP_PROXY: 'http://127.0.0.1:1', HTTPS_PROXY: 'http://127.0.0.1:1', GOPROXY: v,
        };
        const ours = parseGoproxy(v, '', 'linux', g.release);
        const r = await runGo(g, ['mod', 'download', '-json', `${MOD}@${VER}`], env, modDir);
        let said = r.stderr;
        try {
          said += '\n' + ((JSON.parse(r.stdout) as { Error?: string }).Error ?? '');
        } catch {
          said += '\n' + r.stdout;
        }
        if (ours.error) {
          if (!said.includes(`${MOD}@${VER}: ${ours.error}`)) mismatches.push(`${JSON.stringify(v)}: we say ${JSON.stringify(ours.error)}, go said ${JSON.stringify(said.trim().slice(0, 300))}`);
        } else {
          // Accepted: go gets past parsing and fails (or not) for another reason.
          const parseFailure = /invalid proxy URL|GOPROXY list is not the empty string|invalid file:\/\/ proxy URL|: parse "/.test(said);
          if (parseFailure) mismatches.push(`${JSON.stringify(v)}: we accept it, go said ${JSON.stringify(said.trim().slice(0, 300))}`);
        }
      }
    };
    await Promise.all([0, 1, 2, 3, 4, 5].map(worker));
    assert.deepEqual(mismatches, []);
  });
});
