import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { execBounded } from '../../src/core/host/node-host';
import { parseGoproxy } from '../../src/core/parse/goproxy-list';
import { matchPrefixPatterns } from '../../src/core/parse/match-prefix-patterns';
import { startGoproxyServer, type GoproxyServer } from '../lab/goproxy-server';
import { describeEachGo, goPathEnv } from './go-versions';

/**
 * Differential fuzz: random GOPROXY and GOPRIVATE values, biased towards the characters and
 * words that matter to go's grammars, go to our parsers and to the real go
 * (`go mod download -json example.com/hello@v1.0.0` against a loopback GOPROXY). Both must
 * give the same verdict: the same rejection text, or — when the value is accepted — the same
 * route (the lab proxy reached or not, go went direct or not).
 *
 * Hermetic: every go run has its own HOME, GOPATH, GOMODCACHE, GOCACHE, GOENV=off,
 * GOSUMDB=off, and HTTP(S)_PROXY pointing at a closed loopback port, so any non-loopback host
 * a random value names is "reached" only through that dead proxy: nothing leaves the machine
 * and no name is resolved. Every value runs against every go release (go-versions.ts).
 *
 * Reproduce a failure with the seed printed in the test title (fast-check `sample`).
 */

const MODULE = 'example.com/hello';
const VERSION = 'v1.0.0';
const SEED_GOPROXY = 0x60920;
const SEED_GOPRIVATE = 0x9a1e;
const RUNS = 60;
const PARALLEL = 2;
/** A loopback port nothing listens on (port 1 needs privileges nobody uses here). */
const DEAD = 'http://127.0.0.1:1';

/** Characters that change how go splits, trims or parses a value. */
const INTERESTING = [',', '|', ' ', '\t', '%', '[', ']', '"', "'", ':', '/', '@', '#', '?', '\\', '*', '\u00a0', '\n', 'A', 'x', '.'];

/** A value with one interesting character put at a random place (or none). */
function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, fc.constantFrom(...INTERESTING), fc.nat(), fc.integer({ min: 0, max: 3 })).map(([s, ch, at, op]) => {
    if (op !== 0 || s.length === 0) return s;
    const i = at % (s.length + 1);
    return s.slice(0, i) + ch + s.slice(i);
  });
}

/** GOPROXY lists: elements joined by `,`/`|` with optional spaces; `$P` is the lab proxy, never mutated. */
function goproxyValues(): fc.Arbitrary<string> {
  const other = fc.constantFrom(
    'direct', 'Direct', 'DIRECT', 'off', 'Off', 'OFF', 'noproxy',
    'https://proxy.lab.test', 'proxy.lab.test', 'proxy.lab.test/path', 'http://proxy.lab.test:8080',
    'ftp://proxy.lab.test', 'socks5://proxy.lab.test', 'HTTPS://proxy.lab.test',
    'file:///nonexistent/gpd-fuzz', 'file://host/x', 'file:relative', 'file:///a?b', '/nonexistent/abs',
    `${DEAD}`, `${DEAD}/sub`, 'https://[::1', 'https://[::1]:1', 'http://%zz', 'https://a b.example',
    '"https://q.example"', "'https://q.example'", 'https://user:pw@proxy.lab.test', 'http://user@127.0.0.1:1',
    'https://proxy.lab.test#frag', 'https://proxy.lab.test?q=1', 'C:\\proxy', 'direct/', ':', '%', '',
  );
  const valid = fc.constantFrom('direct', 'off', 'https://proxy.lab.test', 'proxy.lab.test', DEAD, ` ${DEAD} `, 'file:///nonexistent/gpd-fuzz', 'HTTPS://proxy.lab.test');
  const element = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('$P', ' $P', '$P\t', '$UP') },
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: mutated(other) },
  );
  const sep = fc.constantFrom(',', '|', ' , ', '\t|', ',,', '| ', ',|');
  return fc.tuple(fc.array(fc.tuple(element, sep), { minLength: 1, maxLength: 4 }), element).map(([pairs, last]) => pairs.map(([e, s]) => e + s).join('') + last);
}

/** GOPRIVATE pattern lists, matched against example.com/hello. */
function goprivateValues(): fc.Arbitrary<string> {
  const glob = fc.constantFrom(
    'example.com', 'example.com/hello', 'example.com/hello/sub', 'example.com/', 'example.com//', 'Example.com',
    '*.com', '*', 'example.*', 'example.com/*', '*/hello', 'ex*e.com/h*', 'example.co?', '[a-z]xample.com', '[^a]xample.com',
    '[', 'ex[', 'example.com/[', '\\e\\xample.com', 'none', 'https://example.com', ' example.com', 'example.com ',
    'example.org', 'corp.example', 'example', 'example.com/hell', 'example.com/hello/', '**', '?xample.com', '',
  );
  return fc.array(mutated(glob), { minLength: 1, maxLength: 3 }).map((a) => a.join(','));
}

interface GoOutcome {
  /** go's JSON `Error` (or stderr when no JSON came out), '' when the download succeeded. */
  error: string;
  /** go asked the lab proxy for the module. */
  reachedLab: boolean;
}

/** What our parsers predict for GOPROXY alone: go's rejection text, or whether the lab serves the module. */
function predictGoproxy(value: string, labHost: string, goVersion: string): { error: string } | { served: boolean } {
  const p = parseGoproxy(value, '', 'linux', goVersion);
  if (p.error) return { error: p.error };
  for (const e of p.entries) {
    if (e.kind === 'off' || e.kind === 'direct') return { served: false }; // direct: go-get through the dead proxy fails
    if (e.kind !== 'url' || !e.url) continue;
    let u: URL | null = null;
    try {
      u = new URL(e.url);
    } catch {
      u = null;
    }
    if (u && (u.protocol === 'http:') && u.host === labHost && (u.pathname === '/' || u.pathname === '') && !u.username) return { served: true };
    // file:// answers "not found" (falls through on `,` and `|`); anything else is an error
    // (refused, or the dead HTTP proxy) that only `|` falls through.
    if (u?.protocol === 'file:') continue;
    if (!e.fallBackOnError) return { served: false };
  }
  return { served: false };
}

describeEachGo('differential fuzz: GOPROXY and GOPRIVATE values, our parsers vs the real go', function (this: Mocha.Suite, g) {
  this.timeout(300000);
  /** One lab proxy per parallel lane, so that each run's requests are told apart. */
  const labs: GoproxyServer[] = [];
  let root: string;

  before(async () => {
    for (let k = 0; k < PARALLEL; k++) labs.push(await startGoproxyServer());
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-fuzz-goproxy-'));
  });
  after(async () => {
    await Promise.all(labs.map((l) => l.close()));
    if (root) fs.rmSync(root, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  });

  let caseNo = 0;
  /** One hermetic `go mod download -json`; the lab log tells whether go came to the proxy. */
  async function runGo(lab: GoproxyServer, vars: Record<string, string>): Promise<GoOutcome> {
    const dir = path.join(root, `c${caseNo++}`);
    fs.mkdirSync(path.join(dir, 'home'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'work'), { recursive: true });
    const marker = `/${MODULE}/@v/`;
    const before = lab.log.filter((e) => e.path.includes(marker) && e.host.endsWith(`:${lab.port}`)).length;
    const r = await execBounded(g.bin, ['mod', 'download', '-json', `${MODULE}@${VERSION}`], {
      cwd: path.join(dir, 'work'),
      timeoutMs: 60000,
      env: {
        PATH: goPathEnv(g),
        HOME: path.join(dir, 'home'),
        GOPATH: path.join(dir, 'gopath'),
        GOMODCACHE: path.join(dir, 'modcache'),
        GOCACHE: path.join(dir, 'gocache'),
        GOENV: 'off',
        GOFLAGS: '-modcacherw',
        GOTOOLCHAIN: 'local',
        GO111MODULE: 'on',
        GOSUMDB: 'off',
        GONOSUMDB: '',
        GOINSECURE: '',
        HTTPS_PROXY: DEAD,
        HTTP_PROXY: DEAD,
        NO_PROXY: '',
        GIT_TERMINAL_PROMPT: '0',
        ...vars,
      },
    });
    assert.ok(!r.timedOut, 'go finished within 60 s');
    const after = lab.log.filter((e) => e.path.includes(marker) && e.host.endsWith(`:${lab.port}`)).length;
    let error = r.stderr.trim();
    try {
      const j = JSON.parse(r.stdout) as { Error?: string };
      error = j.Error ?? '';
    } catch {
      // no JSON: go failed before the download (stderr holds its text)
    }
    if (r.code === 0) error = '';
    return { error, reachedLab: after > before };
  }

  /** Runs the items PARALLEL at a time; each lane has its own lab proxy. */
  async function inLanes<T>(items: T[], run: (t: T, lab: GoproxyServer) => Promise<void>): Promise<void> {
    for (let i = 0; i < items.length; i += PARALLEL) {
      await Promise.all(items.slice(i, i + PARALLEL).map((t, k) => run(t, labs[k])));
    }
  }

  it(`GOPROXY: ${RUNS} random lists (seed ${SEED_GOPROXY}) get go's verdict and go's error text`, async () => {
    const values = fc.sample(goproxyValues(), { seed: SEED_GOPROXY, numRuns: RUNS });
    const mismatches: string[] = [];
    const seen = { rejected: 0, served: 0, failed: 0 };
    await inLanes(values, async (template, lab) => {
      const labHost = `127.0.0.1:${lab.port}`;
      const value = template.replace(/\$UP/g, `HTTP://${labHost}`).replace(/\$P/g, `http://${labHost}`);
      const want = predictGoproxy(value, labHost, g.release);
      const got = await runGo(lab, { GOPROXY: value, GOPRIVATE: '', GONOPROXY: '' });
      if ('error' in want) {
        seen.rejected++;
        const text = `${MODULE}@${VERSION}: ${want.error}`;
        if (got.error !== text || got.reachedLab) mismatches.push(`GOPROXY=${JSON.stringify(value)}: we reject with ${JSON.stringify(text)}; go said ${JSON.stringify(got.error)}${got.reachedLab ? ' after asking the lab' : ''}`);
      } else {
        if (want.served) seen.served++;
        else seen.failed++;
        const served = got.error === '';
        if (served !== want.served || (want.served && !got.reachedLab)) {
          mismatches.push(`GOPROXY=${JSON.stringify(value)}: we predict ${want.served ? 'served by the lab' : 'not served'}; go: ${served ? 'served' : JSON.stringify(got.error)}`);
        }
      }
    });
    assert.deepEqual(mismatches, []);
    // The generator must reach all three verdicts, or the run proves little.
    assert.ok(seen.rejected >= 5 && seen.served >= 5 && seen.failed >= 5, JSON.stringify(seen));
  });

  it(`GOPRIVATE: ${RUNS} random pattern lists (seed ${SEED_GOPRIVATE}) send go direct exactly when matchPrefixPatterns says so`, async () => {
    const values = fc.sample(goprivateValues(), { seed: SEED_GOPRIVATE, numRuns: RUNS });
    const mismatches: string[] = [];
    const seen = { direct: 0, proxied: 0 };
    await inLanes(values, async (value, lab) => {
      const direct = matchPrefixPatterns(value, MODULE);
      if (direct) seen.direct++;
      else seen.proxied++;
      const got = await runGo(lab, { GOPROXY: `http://127.0.0.1:${lab.port}`, GOPRIVATE: value });
      const wentDirect = !got.reachedLab && got.error !== '';
      if (wentDirect !== direct || (!direct && got.error !== '')) {
        mismatches.push(`GOPRIVATE=${JSON.stringify(value)}: matchPrefixPatterns says ${direct ? 'direct' : 'proxy'}; go ${got.reachedLab ? 'asked the lab' : 'did not ask the lab'}${got.error ? `: ${JSON.stringify(got.error)}` : ''}`);
      }
    });
    assert.deepEqual(mismatches, []);
    assert.ok(seen.direct >= 5 && seen.proxied >= 5, JSON.stringify(seen));
  });
});
