import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { explainGoproxy } from '../../src/cli/commands/explain';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { DEFAULT_GO, goPathEnv, requireGo } from '../go/go-versions';

function io(env: Record<string, string | undefined>, cwd: string): CliIO & { out: string; err: string } {
  const o = { out: '', err: '' };
  return Object.assign(o, {
    stdout: (s: string) => { o.out += s; },
    stderr: (s: string) => { o.err += s; },
    stdoutIsTTY: false, stderrIsTTY: false, env, cwd,
  });
}

describe('explain: the GOPROXY list entry by entry', () => {
  const linux = { platform: 'linux' as const };

  it('says what each separator means for the next entry, and what is ignored', () => {
    const { entries, error } = explainGoproxy('https://a.example|b.example,direct,https://never.example', '', linux);
    assert.equal(error, undefined);
    assert.deepEqual(entries.map((e) => [e.kind, e.url ?? e.raw, e.separator, e.fallBackOnError]), [
      ['url', 'https://a.example', '|', true],
      ['url', 'https://b.example', ',', false],
      ['direct', 'direct', ',', false],
      ['ignored', 'https://never.example', '', false],
    ]);
    assert.match(entries[0].meaning, /on any error .* go tries the next entry/);
    assert.match(entries[1].meaning, /go adds https:\/\//);
    assert.match(entries[1].meaning, /only when this proxy answers 404 or 410/);
    assert.match(entries[2].meaning, /anything written after it is ignored/);
    assert.match(entries[3].meaning, /never reads/);
  });

  it('GONOPROXY adds the implicit noproxy entry; off ends the list', () => {
    const { entries } = explainGoproxy('https://p.example,off', 'corp.example', linux);
    assert.deepEqual(entries.map((e) => e.kind), ['noproxy', 'url', 'off']);
    assert.match(entries[0].meaning, /corp\.example/);
    assert.match(entries[2].meaning, /module lookup disabled by GOPROXY=off/);
    assert.match(explainGoproxy('https://only.example', '', linux).entries[0].meaning, /last entry/);
  });

  it('quotes go\'s error for lists go rejects', () => {
    assert.equal(explainGoproxy(',', '', linux).error, 'GOPROXY list is not the empty string, but contains no entries');
    const bad = explainGoproxy('https://ok.example,Direct', '', linux);
    assert.equal(bad.error, 'invalid proxy URL missing scheme: Direct');
    assert.deepEqual(bad.entries.map((e) => e.kind), ['url', 'invalid']);
  });
});

describe('explain command', function () {
  this.timeout(60000);
  let tmp: string;
  before(() => {
    requireGo(DEFAULT_GO);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-explain-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const baseEnv = () => ({ PATH: goPathEnv(DEFAULT_GO), HOME: tmp, GOCACHE: path.join(tmp, 'cache'), GOTOOLCHAIN: 'local', GOPROXY: 'https://bob:s3cr3tT0ken@proxy.corp.example|direct', GOPRIVATE: 'corp.example' });

  it('--format json prints the same environment object as the diagnose report, redacted', async () => {
    const env = baseEnv();
    const b = io(env, tmp);
    assert.equal(await main(['explain', '--format', 'json'], b), 0);
    const j = JSON.parse(b.out);
    assert.equal(j.schemaVersion, 1);
    assert.ok(!b.out.includes('s3cr3tT0ken'), 'credentials are redacted');
    assert.equal(j.environment.GOPROXY.value, 'https://bob:xxxxx@proxy.corp.example|direct');
    assert.equal(j.environment.GOPROXY.source, 'os');
    assert.deepEqual(j.environment.GONOPROXY, { value: 'corp.example', source: 'os', shadows: [], inheritedFrom: 'GOPRIVATE' });
    assert.deepEqual(j.goproxy.map((e: { kind: string }) => e.kind), ['noproxy', 'url', 'direct']);
    assert.equal(j.go.fromGo, true);
    // go1.26.8 has `go env -changed`: GOPROXY and GOPRIVATE (with what it implies) differ from its defaults.
    assert.ok(j.changed.includes('GOPROXY') && j.changed.includes('GOPRIVATE'), JSON.stringify(j.changed));
    assert.ok(!j.changed.includes('GONOPROXY'), 'GONOPROXY inherited from GOPRIVATE is not changed');
    const report = await diagnose({ dir: tmp, host: nodeHost({ env, cwd: tmp }), options: { offline: true, only: ['GPD141'] } });
    assert.deepEqual(j.environment, report.environment);
  });

  it('text output names each value\'s source and explains the list', async () => {
    const b = io({ ...baseEnv(), NO_COLOR: '1' }, tmp);
    assert.equal(await main(['explain'], b), 0);
    assert.match(b.out, /^GOPROXY +https:\/\/bob:xxxxx@proxy\.corp\.example\|direct +os$/m);
    assert.match(b.out, /^GONOPROXY +corp\.example +os \(inherited from GOPRIVATE\)$/m);
    // go1.26.8 takes its default GOPROXY from $GOROOT/go.env (Go 1.21+).
    assert.match(b.out, /hides goroot-go-env: https:\/\/proxy\.golang\.org,direct/);
    assert.match(b.out, /After "\|": on any error/);
    assert.ok(!b.out.includes('\u001b['), 'no colour with NO_COLOR');
    assert.ok(!b.out.includes('s3cr3tT0ken'));
  });

  it('rejects bad usage with exit code 2', async () => {
    const b = io(baseEnv(), tmp);
    assert.equal(await main(['explain', '--format', 'xml'], b), 2);
    assert.match(b.err, /unknown --format/);
  });
});

describe('explain: a go/env file that cannot be read is named as such', function () {
  this.timeout(60000);
  it('a folder as GOENV: "cannot read …: it is a directory", not "does not exist"', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-explain-dir-'));
    try {
      const folder = path.join(tmp, 'env-folder');
      fs.mkdirSync(folder);
      const b = io({ PATH: goPathEnv(DEFAULT_GO), HOME: tmp, GOCACHE: path.join(tmp, 'cache'), GOTOOLCHAIN: 'local', GOENV: folder, NO_COLOR: '1' }, tmp);
      assert.equal(await main(['explain'], b), 0);
      assert.ok(b.out.includes(`go/env file (go env -w):  ${folder} (cannot read ${folder}: it is a directory)`), b.out);
      const j = io({ PATH: goPathEnv(DEFAULT_GO), HOME: tmp, GOCACHE: path.join(tmp, 'cache'), GOTOOLCHAIN: 'local', GOENV: folder }, tmp);
      assert.equal(await main(['explain', '--format', 'json'], j), 0);
      const go = JSON.parse(j.out).go;
      assert.deepEqual([go.envFileExists, go.envFileError], [true, `cannot read ${folder}: it is a directory`]);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
