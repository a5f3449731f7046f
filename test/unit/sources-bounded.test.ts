import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { SourceText } from '../../src/core/sources/source-text';
import { parseGitlabCi, resolveGitlabPipeline } from '../../src/core/sources/gitlab-ci';
import { parseAssignments, type FileSpec } from '../../src/core/sources/parse-file';
import { parseGoMod, parseGoSum, parseGoWork } from '../../src/core/sources/go-mod';
import { capProblems } from '../../src/core/sources/cap-problems';
import { readRegularFile } from '../../src/core/host/node-host';

/** Bounded work on hostile input: linear readers, merged problems, files that are not files. */

const gl = (text: string) => parseGitlabCi(new SourceText('/w/.gitlab-ci.yml', text));

describe('bounded work: GitLab extends', () => {
  it('each parent is resolved first and the parents are merged in order (GitLab Extendable::Entry#extend!)', () => {
    // lib/gitlab/ci/config/extendable/entry.rb: merged = {}; base_hashes!.each { |h| merged.deep_merge!(h) };
    // then the job's own keys. C's resolved hash carries D's GOPROXY, so it comes after B's.
    const p = resolveGitlabPipeline([gl([
      '.d:', '  variables:', '    GOPROXY: https://d.example', '    GOFLAGS: -mod=mod',
      '.b:', '  extends: .d', '  variables:', '    GOPROXY: https://b.example',
      '.c:', '  extends: .d',
      'a:', '  extends: [.b, .c]', '  script: go build',
      'e:', '  extends: [.c, .b]', '  variables:', '    GOFLAGS: -mod=readonly', '  script: go build',
      '',
    ].join('\n'))]);
    const job = (n: string) => p.contexts.find((c) => c.name === n)!.values;
    assert.equal(job('a').GOPROXY.value, 'https://d.example');
    assert.equal(job('a').GOFLAGS.value, '-mod=mod');
    assert.equal(job('e').GOPROXY.value, 'https://b.example');
    assert.equal(job('e').GOFLAGS.value, '-mod=readonly');
    assert.deepEqual(p.problems, []);
  });

  it('inherit:variables comes from the nearest job that sets it; a cycle ends without a hang', () => {
    const p = resolveGitlabPipeline([gl([
      'variables:', '  GOPROXY: https://global.example', '  GONOSUMDB: corp.example',
      '.quiet:', '  inherit:', '    variables: [GONOSUMDB]',
      'a:', '  extends: .quiet', '  script: x',
      'x1:', '  extends: x2', '  script: x',
      'x2:', '  extends: x1', '  script: x',
      '',
    ].join('\n'))]);
    const a = p.contexts.find((c) => c.name === 'a')!;
    assert.deepEqual(Object.keys(a.values), ['GONOSUMDB']);
    assert.ok(p.contexts.some((c) => c.name === 'x1'));
  });

  it('an unknown parent is one problem however many jobs name it, and the work is linear', () => {
    const build = (jobs: number) => {
      const parts = ['.base:\n  extends:\n'];
      for (let i = 0; i < 50; i++) parts.push(`    - .unknown-${i}\n`);
      for (let i = 0; i < jobs; i++) parts.push(`job-${i}:\n  extends: [.base, .unknown-0]\n`);
      return parts.join('');
    };
    const p = resolveGitlabPipeline([gl(build(3000))]);
    assert.equal(p.problems.length, 50);
    assert.match(p.problems[0].message, /^job \.base and 3000 other jobs extend unknown job \.unknown-0$/);
    assert.equal(p.contexts.length, 3000);
  });
});

describe('bounded work: problems per file', () => {
  it('the same problem once, at most 20 per file, and a closing count of the rest', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ file: '/w/a', message: `p${i}` }));
    const out = capProblems([...many, { file: '/w/a', message: 'p0' }, { file: '/w/b', message: 'q', severity: 'warning' as const }]);
    assert.equal(out.filter((p) => p.file === '/w/a').length, 21);
    assert.equal(out.at(-1)!.message, '… and 10 more problems in this file');
    assert.equal(out.at(-1)!.severity, 'error');
    assert.deepEqual(out.filter((p) => p.file === '/w/b'), [{ file: '/w/b', message: 'q', severity: 'warning' }]);
  });
});

describe('bounded work: YAML aliases', () => {
  it('a chain of aliases of aliases is read in linear time and refused as an expansion bomb', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: &x${i} [*x${Math.max(0, i - 1)}]`).join('\n').replace('[*x0]', '[1]') + '\n';
    const t0 = performance.now();
    const g = gl(chain(4000));
    const ms = performance.now() - t0;
    // Before: 1.6 s for 2,000 links, 74 s for 8,000 (each alias scanned the document).
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
    assert.match(g.problems[0].message, /alias expansion is too large/);
  });

  it('ordinary anchors and merge keys are still read', () => {
    const g = gl(['.defaults: &d', '  variables:', '    GOPROXY: https://a.example', ...Array.from({ length: 300 }, (_, i) => `j${i}:\n  <<: *d\n  script: x`), ''].join('\n'));
    assert.deepEqual(g.problems, []);
    assert.equal(resolveGitlabPipeline([g]).contexts.filter((c) => c.values.GOPROXY?.value === 'https://a.example').length, 300);
  });
});

/**
 * Every reader on hostile shapes at n and 4n bytes: linear work grows 4×, quadratic 16×.
 * Best of three runs, a generous ratio and a floor below which times are noise.
 */
describe('bounded work: every reader is linear in its input', function () {
  this.timeout(300_000);
  const readers: Record<string, (t: string) => unknown> = {};
  const specs: Record<string, FileSpec> = {
    'gitlab-ci': { kind: 'gitlab-ci' }, 'github-actions': { kind: 'github-actions' }, dockerfile: { kind: 'dockerfile' },
    systemd: { kind: 'systemd' }, envrc: { kind: 'envrc' }, 'shell-rc': { kind: 'shell-rc', level: 'user' }, dotenv: { kind: 'dotenv' },
    'etc-environment': { kind: 'etc-environment', level: 'global' }, devcontainer: { kind: 'devcontainer' }, 'vscode-settings': { kind: 'vscode-settings', level: 'workspace' },
  };
  for (const [k, spec] of Object.entries(specs)) readers[k] = (t) => parseAssignments(new SourceText('/w/f', t), spec);
  readers['go.mod'] = (t) => parseGoMod(new SourceText('/w/go.mod', t));
  readers['go.sum'] = (t) => parseGoSum(new SourceText('/w/go.sum', t));
  readers['go.work'] = (t) => parseGoWork(new SourceText('/w/go.work', t));
  const shapes: Record<string, (i: number) => string> = {
    'newlines': () => '\n',
    'CRLF': () => '\r\n',
    'one long line': () => 'a',
    'backslash-newline': () => '\\\n',
    'open quotes': (i) => (i % 2 ? '"' : "'"),
    'assignments': (i) => `GOPROXY=https://p${i}.example\n`,
    'continued assignments': (i) => `ENV GOPROXY=https://p${i}.example \\\n`,
    'YAML jobs': (i) => `j${i}:\n  variables:\n    GOPROXY: "https://p${i}"\n`,
    'YAML anchors': (i) => `a${i}: &x${i} [*x${Math.max(0, i - 1)}]\n`,
    'nesting openers': (i) => (i % 3 === 0 ? '{"a":' : i % 3 === 1 ? '[' : '('),
    'mixed punctuation': (i) => '"\'\\\n $={#['[i % 10],
    'requires': (i) => `require example.com/m${i} v1.0.${i}\n`,
  };
  const build = (f: (i: number) => string, bytes: number) => {
    const parts: string[] = [];
    let n = 0;
    for (let i = 0; n < bytes; i++) {
      const s = f(i);
      parts.push(s);
      n += s.length;
    }
    return parts.join('');
  };
  const best = (f: () => void) => {
    let b = Infinity;
    for (let r = 0; r < 2; r++) {
      const t0 = performance.now();
      f();
      b = Math.min(b, performance.now() - t0);
    }
    return b;
  };
  // YAML readers go through the yaml library, slow per byte: smaller inputs, still enough to
  // turn a quadratic step into seconds.
  const sizeFor = (reader: string) => (['gitlab-ci', 'github-actions'].includes(reader) ? 12 * 1024 : 32 * 1024);
  /** Superlinear when 4× the input costs more than 12× the time (linear: 4×, quadratic: 16×). */
  const superlinear = (read: (t: string) => unknown, small: string, large: string): string | null => {
    const a = best(() => read(small));
    const b = best(() => read(large));
    return b > 100 && b / Math.max(a, 5) > 12 ? `${a.toFixed(0)} ms for ${small.length} bytes, ${b.toFixed(0)} ms for ${large.length}` : null;
  };
  for (const [reader, read] of Object.entries(readers)) {
    it(`${reader}`, () => {
      const slow: string[] = [];
      for (const [shape, f] of Object.entries(shapes)) {
        const small = build(f, sizeFor(reader));
        const large = build(f, 4 * sizeFor(reader));
        // A loaded machine can stall one measurement: a shape is slow only if measured so twice.
        if (superlinear(read, small, large) === null) continue;
        const again = superlinear(read, small, large);
        if (again) slow.push(`${shape}: ${again}`);
      }
      assert.deepEqual(slow, []);
    });
  }
});

describe('bounded reads: only regular files, within their limit, where they really are', () => {
  let dir = '';
  before(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-read-')));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a FIFO is refused at once (a plain open waits for a writer forever)', async () => {
    const p = path.join(dir, 'fifo');
    assert.equal(spawnSync('mkfifo', [p]).status, 0);
    await assert.rejects(readRegularFile(p, 1024), (e: NodeJS.ErrnoException) => e.code === 'ENOTREG' && /a FIFO/.test(e.message));
    await assert.rejects(readRegularFile('/dev/zero', 1024), (e: NodeJS.ErrnoException) => e.code === 'ENOTREG');
    await assert.rejects(readRegularFile(dir, 1024), (e: NodeJS.ErrnoException) => e.code === 'EISDIR');
  });

  it('more than the limit is EFBIG; at the limit the whole file', async () => {
    const p = path.join(dir, 'f');
    fs.writeFileSync(p, 'x'.repeat(100));
    assert.equal((await readRegularFile(p, 100)).length, 100);
    await assert.rejects(readRegularFile(p, 99), (e: NodeJS.ErrnoException) => e.code === 'EFBIG');
  });

  it('with `within`, a symlink out of the folder is refused with its real path; one inside is read', async () => {
    const ws = path.join(dir, 'ws');
    const out = path.join(dir, 'out');
    fs.mkdirSync(ws);
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'secret'), 'S');
    fs.writeFileSync(path.join(ws, 'mine'), 'M');
    fs.symlinkSync(path.join(out, 'secret'), path.join(ws, 'link-out'));
    fs.symlinkSync('mine', path.join(ws, 'link-in'));
    fs.mkdirSync(path.join(ws, 'sub'));
    fs.symlinkSync('../../out', path.join(ws, 'sub', 'dir-out'));
    await assert.rejects(readRegularFile(path.join(ws, 'link-out'), 10, { within: ws }), (e: NodeJS.ErrnoException & { target?: string }) => e.code === 'EOUTSIDE' && e.target === path.join(out, 'secret'));
    await assert.rejects(readRegularFile(path.join(ws, 'sub', 'dir-out', 'secret'), 10, { within: ws }), (e: NodeJS.ErrnoException) => e.code === 'EOUTSIDE');
    assert.equal((await readRegularFile(path.join(ws, 'link-in'), 10, { within: ws })).toString(), 'M');
    assert.equal((await readRegularFile(path.join(ws, 'link-out'), 10)).toString(), 'S', 'without `within` the user\'s own links are followed');
  });
});
