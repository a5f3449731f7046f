import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { tempTree } from './scopes-helpers';

/** `go-proxy-doctor ARGV` in this process, with a complete and explicit environment. */
async function run(argv: string[], home: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: '/',
    env: {
      PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'),
      GOENV: path.join(home, 'goenv'), GOPATH: path.join(home, 'go'), GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'),
      GOCACHE: path.join(home, 'cache'), GOTOOLCHAIN: 'local',
      GOPROXY: 'https://goproxy.example.com,direct', GOSUMDB: 'sum.golang.org',
    },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

// Both files get an edit from `scopes --fix`: DIRECT → direct, +insecure dropped. The .envrc
// has CRLF line ends, non-ASCII text and no final newline, all of which must survive.
const ENVRC = '# café ☕\r\nexport GOPROXY="https://goproxy.example.com,DIRECT"\r\n# no newline at the end';
const ENVRC_FIXED = ENVRC.replace('DIRECT', 'direct');
const CI = 'variables:\n  GOSUMDB: sum.golang.org+insecure\n';
const CI_FIXED = CI.replace('+insecure', '');

describe('CLI: scopes --fix --write keeps what is on disk', () => {
  let t: ReturnType<typeof tempTree>;
  let home: ReturnType<typeof tempTree>;
  let ws: string;
  beforeEach(() => {
    t = tempTree({ 'ws/.envrc': ENVRC, 'ws/.gitlab-ci.yml': CI, 'outside/x': '' });
    ws = path.join(t.dir, 'ws');
    home = tempTree({});
  });
  afterEach(() => {
    t.cleanup();
    home.cleanup();
  });
  const envrc = () => path.join(ws, '.envrc');
  const ci = () => path.join(ws, '.gitlab-ci.yml');

  it('a file changed after it was read is not written, and every change made to it is kept', async () => {
    fs.writeFileSync(envrc(), 'export GOPROXY="https://goproxy.example.com,DIRECT"\n');
    // Another program appends to the file for as long as the command runs: between any two
    // steps of it that wait for the disk (at most every 50 µs, so that it stays small).
    let n = 0;
    let stop = false;
    let last = 0n;
    const append = () => {
      if (stop) return;
      const now = process.hrtime.bigint();
      if (now - last >= 50_000n) {
        fs.appendFileSync(envrc(), `#${n++}\n`);
        last = now;
      }
      setImmediate(append);
    };
    setImmediate(append);
    let r;
    try {
      r = await run(['scopes', ws, '--fix', '--write'], home.dir);
    } finally {
      stop = true;
    }
    const text = fs.readFileSync(envrc(), 'utf8');
    const expected = 'export GOPROXY="https://goproxy.example.com,DIRECT"\n' + Array.from({ length: n }, (_, i) => `#${i}\n`).join('');
    assert.ok(n > 0);
    assert.equal(text, expected, `all ${n} appended lines kept, the stale text not written`);
    assert.equal(r.code, 1);
    assert.match(r.err, /go-proxy-doctor: \.envrc: changed since it was read \(run again to see the edits for its new text\)\ngo-proxy-doctor: nothing was written\n/);
    // All or nothing: the other file is not written either.
    assert.equal(fs.readFileSync(ci(), 'utf8'), CI);
    assert.match(r.out, /^Not applied:$/m);
  });

  it('a read-only file is refused with its name, and no other file is written', async () => {
    fs.chmodSync(envrc(), 0o444);
    const r = await run(['scopes', ws, '--fix', '--write'], home.dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /go-proxy-doctor: \.envrc: is read-only \(mode 0444\); make it writable to apply the edits\n/);
    assert.match(r.err, /go-proxy-doctor: nothing was written\n/);
    assert.equal(fs.readFileSync(envrc(), 'utf8'), ENVRC);
    assert.equal(fs.statSync(envrc()).mode & 0o7777, 0o444);
    assert.equal(fs.readFileSync(ci(), 'utf8'), CI, 'the writable file is left as it was');
  });

  it('JSON: a refused write says written: false and names the file', async () => {
    fs.chmodSync(ci(), 0o444);
    const r = await run(['scopes', ws, '--fix', '--write', '--format', 'json'], home.dir);
    const j = JSON.parse(r.out);
    assert.equal(j.written, false);
    assert.ok(j.failures.some((f: string) => f.startsWith('.gitlab-ci.yml: is read-only')), j.failures);
    assert.equal(fs.readFileSync(envrc(), 'utf8'), ENVRC);
  });

  it('a symlink in the workspace stays a symlink; its target gets the edit', async () => {
    fs.mkdirSync(path.join(ws, 'conf'));
    fs.renameSync(envrc(), path.join(ws, 'conf', 'go.envrc'));
    fs.symlinkSync(path.join('conf', 'go.envrc'), envrc());
    const r = await run(['scopes', ws, '--fix', '--write'], home.dir);
    assert.equal(r.err, '');
    assert.ok(fs.lstatSync(envrc()).isSymbolicLink(), '.envrc is still a symlink');
    assert.equal(fs.readlinkSync(envrc()), path.join('conf', 'go.envrc'));
    assert.equal(fs.readFileSync(path.join(ws, 'conf', 'go.envrc'), 'utf8'), ENVRC_FIXED);
  });

  it('a symlink leading out of the workspace is not written through, nor replaced', async () => {
    const outside = path.join(t.dir, 'outside', 'envrc');
    fs.writeFileSync(outside, ENVRC);
    fs.rmSync(envrc());
    fs.symlinkSync(outside, envrc());
    const r = await run(['scopes', ws, '--fix', '--write'], home.dir);
    assert.equal(fs.readFileSync(outside, 'utf8'), ENVRC);
    assert.ok(fs.lstatSync(envrc()).isSymbolicLink(), '.envrc is still a symlink');
    // Discovery does not read through a link out of the workspace, so it proposes no edit
    // there (and the other files' edits are written); an edit that did reach it is refused,
    // and then nothing is written.
    assert.match(r.out, /\.envrc: points outside the workspace, not read/);
    if (r.out.includes('--- a/.envrc')) {
      assert.match(r.err, /\.envrc: leads through a symlink to .*outside.*, outside the workspace; not written/);
      assert.equal(fs.readFileSync(ci(), 'utf8'), CI);
    }
  });

  it('a hard-linked file stays one file: every name shows the edit', async () => {
    fs.mkdirSync(path.join(ws, 'keep'));
    const other = path.join(ws, 'keep', 'envrc.orig');
    fs.linkSync(envrc(), other);
    const r = await run(['scopes', ws, '--fix', '--write'], home.dir);
    assert.equal(r.err, '');
    const a = fs.statSync(envrc());
    const b = fs.statSync(other);
    assert.equal(a.ino, b.ino);
    assert.equal(a.nlink, 2);
    assert.equal(fs.readFileSync(other, 'utf8'), ENVRC_FIXED);
  });

  it("keeps the file's mode whatever the umask", async () => {
    const umask = process.umask(0o022);
    try {
      fs.chmodSync(envrc(), 0o664);
      fs.chmodSync(ci(), 0o600);
      const r = await run(['scopes', ws, '--fix', '--write'], home.dir);
      assert.equal(r.err, '');
      assert.equal(fs.statSync(envrc()).mode & 0o7777, 0o664);
      assert.equal(fs.statSync(ci()).mode & 0o7777, 0o600);
      assert.equal(fs.readFileSync(envrc(), 'utf8'), ENVRC_FIXED);
    } finally {
      process.umask(umask);
    }
  });
});
