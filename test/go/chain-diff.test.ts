/**
 * The chain walk against the real go: the same lab, the same environment, `go mod download
 * -json M@V` vs walkChain told the release (its proxy-env rules and wording). Verdict, error
 * text and the requests the lab saw must match, for every release.
 *
 * Speed: each release gets its own lab and works through the cases in order in the
 * background from the first test on (a lab's request log belongs to one case at a time);
 * the releases run side by side. Each test waits for its case's result.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { walkChain } from '../../src/core/net/chain-walk';
import { closeHttpClients } from '../../src/core/net/http-client';
import { proxyVariantOf } from '../../src/core/net/hosts-needed';
import { explainFailure } from '../../src/core/errors/parse-error-text';
import { startChainLab, labTrace, goEnv, type ChainLab } from '../lab/chain-harness';
import { GO_RELEASES, describeEachGo, goPathEnv, requireGo, type GoUnderTest } from './go-versions';

interface Case {
  name: string;
  goproxy: string;
  mv?: string;
  env?: Record<string, string>;
  /** Compare only the end of the error text from this marker (the rest names ephemeral ports). */
  tail?: string;
  /** Compare only the error text up to this marker (the rest names the current time). */
  upTo?: string;
  /** go never returns: it must still be running after a few seconds, and we must say it hangs. */
  hang?: boolean;
}

const HELLO = 'example.com/hello@v1.0.0';

// Every case routes non-loopback traffic through the lab's mapping proxy (no real resolver).
const CASES: Case[] = [
  { name: 'good proxy', goproxy: '$P' },
  { name: '404', goproxy: '$P/s404' },
  { name: '410', goproxy: '$P/s410' },
  { name: ', walks past 404 and 410', goproxy: '$P/s404,$P/s410,$P' },
  { name: 'last not-found wins', goproxy: '$P/s404,$P/s410' },
  { name: ', stops at 403', goproxy: '$P/s403,$P' },
  { name: ', stops at 401', goproxy: '$P/s401,$P' },
  { name: ', stops at 429', goproxy: '$P/s429,$P' },
  { name: ', stops at 500', goproxy: '$P/s500,$P' },
  { name: ', stops at 502', goproxy: '$P/s502,$P' },
  { name: ', stops at 204', goproxy: '$P/s204,$P' },
  { name: '| passes 503', goproxy: '$P/s503|$P' },
  { name: '| passes 403 and refused', goproxy: '$P/s403|http://127.0.0.1:1|$P' },
  { name: ', stops at refused', goproxy: 'http://127.0.0.1:1,$P' },
  { name: '| passes refused', goproxy: 'http://127.0.0.1:1|$P' },
  { name: 'proxy error outranks later not-found', goproxy: '$P/s503|$P/s404' },
  { name: 'last proxy error wins', goproxy: '$P/s503|$P/s500' },
  { name: 'not-found then proxy error', goproxy: '$P/s404|$P/s503' },
  { name: 'off after not-found (|)', goproxy: '$P/s404|$P/s410|off' },
  { name: 'off after not-found (,)', goproxy: '$P/s404,off' },
  { name: 'off', goproxy: 'off' },
  { name: 'empty 200 is a hard error', goproxy: '$P/empty,$P' },
  { name: 'HTML 200 is a hard error', goproxy: '$P/html,$P' },
  { name: 'empty 200 with |', goproxy: '$P/empty|$P' },
  { name: 'text/html 404 has no detail', goproxy: '$P/s404html' },
  { name: 'long text/plain detail is cut at 8 lines', goproxy: '$P/long404' },
  { name: 'redirect loop', goproxy: '$P/redirloop' },
  { name: 'redirect followed', goproxy: '$P/redir' },
  { name: '.zip 404 falls through per file', goproxy: '$P/zip404,$P' },
  { name: '.mod 404 alone', goproxy: '$P/mod404' },
  { name: 'empty .mod is stored as is', goproxy: '$P/emptymod,$P' },
  { name: 'HTML .mod is stored as is', goproxy: '$P/htmlmod,$P' },
  { name: '.zip redirected to a blocked host', goproxy: '$P/zipredirblocked,$P' },
  { name: '.zip redirected to a blocked host with |', goproxy: '$P/zipredirblocked|$P' },
  { name: 'truncated zip is not a fall-through', goproxy: '$P/trunczip|$P' },
  { name: 'zip with files outside module@version', goproxy: '$P/badzip' },
  { name: 'info for another version', goproxy: '$P/wrongversion,$P' },
  { name: 'connection closed without answer', goproxy: '$P/close,$P', tail: ': EOF' },
  { name: 'connection closed with |', goproxy: '$P/close|$P' },
  { name: 'gzip answers', goproxy: '$P/gzip' },
  { name: 'cache headers', goproxy: '$P/cache' },
  { name: '401 from auth', goproxy: '$P/auth' },
  { name: 'unknown version', goproxy: '$P', mv: 'example.com/hello@v9.9.9' },
  { name: 'upper-case path', goproxy: '$P', mv: 'example.com/Upper@v1.0.0' },
  { name: '+incompatible', goproxy: '$P', mv: 'example.com/incompat@v2.0.0+incompatible' },
  { name: 'direct (no meta: the mapping proxy refuses the host)', goproxy: 'direct' },
  { name: 'not-found then direct', goproxy: '$P/s404,direct' },
  { name: '403 never reaches direct', goproxy: '$P/s403,direct' },
  { name: 'GONOPROXY sends the module direct', goproxy: '$P', env: { GONOPROXY: 'example.com' } },
  { name: 'GONOPROXY beats GOPROXY=off', goproxy: 'off', env: { GONOPROXY: 'example.com' } },
  { name: 'GONOPROXY not matching, off', goproxy: 'off', env: { GONOPROXY: 'other.org' } },
  { name: 'GOPRIVATE with proxy,direct', goproxy: '$P,direct', env: { GOPRIVATE: 'example.com' } },
  { name: 'GONOPROXY=none proxies everything', goproxy: '$P', env: { GOPRIVATE: 'example.com', GONOPROXY: 'none' } },
  { name: 'Direct is not a keyword', goproxy: 'Direct' },
  { name: 'no entries', goproxy: ',' },
  { name: 'bad scheme', goproxy: 'ftp://x.example,direct' },
  { name: 'credentials over http', goproxy: 'http://user:secret@127.0.0.1:1/x' },
  { name: 'https to a plain http server', goproxy: '$P'.replace('http://', '') },
  { name: 'self-signed TLS', goproxy: '$T' },
  { name: 'self-signed TLS with |', goproxy: '$T|$P' },
  { name: 'self-signed TLS trusted by SSL_CERT_FILE', goproxy: '$T', env: { SSL_CERT_FILE: '$CERT' } },
  { name: 'http GOPROXY through HTTP_PROXY', goproxy: '$Q' },
  { name: 'https GOPROXY through HTTPS_PROXY (CONNECT)', goproxy: '$S', env: { SSL_CERT_FILE: '$CERT' } },
  { name: 'https through HTTPS_PROXY, untrusted', goproxy: '$S' },
  { name: 'HTTPS_PROXY refused', goproxy: '$S', env: { HTTPS_PROXY: 'http://127.0.0.1:1', SSL_CERT_FILE: '$CERT' } },
  { name: 'HTTP_PROXY refused', goproxy: '$Q', env: { HTTP_PROXY: 'http://127.0.0.1:1' } },
  { name: 'HTTP_PROXY answers 407', goproxy: '$Q', env: { HTTP_PROXY: '$AUTHPROXY' } },
  { name: 'HTTPS_PROXY CONNECT answers 407', goproxy: '$S', env: { HTTPS_PROXY: '$AUTHPROXY', SSL_CERT_FILE: '$CERT' } },
  { name: 'HTTP_PROXY with credentials', goproxy: '$Q', env: { HTTP_PROXY: '$AUTHPROXY'.replace('http://', 'http://lab:secret@') } },
  // NO_PROXY entries that do not match keep the proxy (a matching one would make go resolve the
  // lab name with the real resolver, which these tests never touch).
  { name: 'NO_PROXY .domain matches subdomains only', goproxy: '$Q', env: { NO_PROXY: '.goproxy.lab.test' } },
  { name: 'NO_PROXY host:port needs that port', goproxy: '$Q', env: { NO_PROXY: 'goproxy.lab.test:1' } },
  { name: 'NO_PROXY CIDR never matches a name', goproxy: '$Q', env: { NO_PROXY: '127.0.0.0/8' } },
  { name: 'no_proxy is hidden by NO_PROXY', goproxy: '$Q', env: { NO_PROXY: 'other.test', no_proxy: 'goproxy.lab.test' } },
  // x/net httpproxy: the upper-case name wins whenever it is non-empty; an empty one falls through.
  { name: 'HTTPS_PROXY hides https_proxy', goproxy: '$S', env: { HTTPS_PROXY: '$AUTHPROXY', https_proxy: '$PROXY', SSL_CERT_FILE: '$CERT' } },
  { name: 'empty HTTPS_PROXY falls through to https_proxy', goproxy: '$S', env: { HTTPS_PROXY: '', https_proxy: '$AUTHPROXY', SSL_CERT_FILE: '$CERT' } },
  { name: 'HTTP_PROXY hides http_proxy', goproxy: '$Q', env: { HTTP_PROXY: '$AUTHPROXY', http_proxy: '$PROXY' } },
  { name: 'https goes through HTTPS_PROXY, never HTTP_PROXY', goproxy: '$S', env: { HTTP_PROXY: '$AUTHPROXY', SSL_CERT_FILE: '$CERT' } },
  { name: 'loopback is never proxied', goproxy: '$P', env: { HTTP_PROXY: 'http://127.0.0.1:1' } },
  { name: 'CGI refuses HTTP_PROXY', goproxy: '$Q', env: { REQUEST_METHOD: 'GET' } },
  { name: 'connection reset without answer', goproxy: '$P/reset,$P', tail: 'connection reset by peer' },
  { name: 'connection reset with |', goproxy: '$P/reset|$P' },
  { name: 'exact version without @v/list', goproxy: '$P/nolist' },
  { name: 'spaces around entries', goproxy: ' $P , direct ' },
  { name: 'trailing slashes on the base', goproxy: '$P///' },
  { name: 'query on the base', goproxy: '$P?x=1' },
  { name: 'upper-case scheme', goproxy: '$P'.replace('http://', 'HTTP://') },
  { name: '400 stops a , chain', goproxy: '$P/s400,$P' },
  { name: '404 then 429 with |', goproxy: '$P/s404|$P/s429' },
  // Go 1.24+ asks an https URL again after a 4xx (GOAUTH); go1.19.8 asks once; 5xx never twice.
  { name: 'https 404 (asked twice from Go 1.24)', goproxy: '$T/s404', env: { SSL_CERT_FILE: '$CERT' } },
  { name: 'https 403 stops a , chain', goproxy: '$T/s403,$P', env: { SSL_CERT_FILE: '$CERT' } },
  { name: 'https 503 is asked once', goproxy: '$T/s503|$P', env: { SSL_CERT_FILE: '$CERT' } },
  { name: 'https 404 after a redirect is asked again from the start', goproxy: '$T/redir/s404', env: { SSL_CERT_FILE: '$CERT' } },
  { name: 'https→http redirect is refused', goproxy: '$T/tohttp', env: { SSL_CERT_FILE: '$CERT' } },
  { name: 'CA-signed chain trusted by its root', goproxy: '$CA', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'CA-signed chain, root not trusted', goproxy: '$CA' },
  { name: 'CA-signed chain trusted through SSL_CERT_DIR', goproxy: '$CA', env: { SSL_CERT_DIR: '$CARDIR' } },
  { name: 'certificate for another name (via CONNECT)', goproxy: '$WRONG', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'certificate for another name with |', goproxy: '$WRONG|$P', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'expired certificate', goproxy: '$EXPIRED', env: { SSL_CERT_FILE: '$CAROOT' }, upTo: 'x509: certificate has expired or is not yet valid: current time ' },
  { name: 'server omits the intermediate', goproxy: '$NOINTER', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'HTTP/2 proxy', goproxy: '$H2', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'HTTP/2 404 (no reason phrase on the wire)', goproxy: '$H2/s404', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'HTTP/2 503 with |', goproxy: '$H2/s503|$P', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'HTTP/2 429 detail', goproxy: '$H2/s429,$P', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'HTTP/2 redirect loop', goproxy: '$H2/redirloop', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'HTTP/2 empty 200', goproxy: '$H2/empty,$P', env: { SSL_CERT_FILE: '$CAROOT' } },
  { name: 'file:// tree', goproxy: '$FILE' },
  { name: 'file:// tree, upper-case path', goproxy: '$FILE', mv: 'example.com/Upper@v1.0.0' },
  { name: 'file:// missing version', goproxy: '$FILE', mv: 'example.com/hello@v9.9.9' },
  { name: 'file:// missing folder falls through on ,', goproxy: 'file:///nonexistent/gpd,$P' },
  { name: 'file:// with a host is invalid', goproxy: 'file://host/srv/x' },
  ...['oneline', 'crlf', 'latin1', 'ascii', 'badutf8', 'ctrl', 'blank', 'longline', 'longsecond', 'unicode', 'tabs', 'nine'].map(
    (k) => ({ name: `404 detail: ${k}`, goproxy: `$P/d404${k}` }),
  ),
  // Revisions: .info of the revision, then .mod/.zip of the version it names.
  { name: 'revision', goproxy: '$P', mv: 'example.com/hello@master' },
  { name: 'revision after a 404', goproxy: '$P/s404,$P', mv: 'example.com/hello@master' },
  { name: 'revision not found', goproxy: '$P/s404', mv: 'example.com/hello@master' },
  { name: 'unknown revision', goproxy: '$P', mv: 'example.com/hello@nosuch' },
  { name: 'revision with | past a 503', goproxy: '$P/s503|$P', mv: 'example.com/hello@master' },
  { name: 'revision, GOPROXY=off', goproxy: 'off', mv: 'example.com/hello@master' },
  // latest: @v/list, the highest version's .info from the same proxy, then .mod/.zip.
  { name: 'latest', goproxy: '$P', mv: 'example.com/hello@latest' },
  { name: 'latest, upper-case path', goproxy: '$P', mv: 'example.com/Upper@latest' },
  { name: 'latest without @v/list', goproxy: '$P/nolist', mv: 'example.com/hello@latest' },
  { name: 'latest: list 404, next entry', goproxy: '$P/nolist,$P', mv: 'example.com/hello@latest' },
  { name: 'latest: empty list, no @latest', goproxy: '$P/emptylist/nolatest,$P', mv: 'example.com/hello@latest' },
  { name: 'latest: empty list with |', goproxy: '$P/emptylist/nolatest|$P', mv: 'example.com/hello@latest' },
  { name: 'latest: empty list, @latest answers', goproxy: '$P/emptylist', mv: 'example.com/hello@latest' },
  { name: 'latest: 503 then 404', goproxy: '$P/s503|$P/s404', mv: 'example.com/hello@latest' },
  { name: 'latest: list with junk lines', goproxy: '$P/badlist', mv: 'example.com/hello@latest' },
  { name: 'latest: unknown module', goproxy: '$P/s404', mv: 'example.com/nosuch@latest' },
  { name: 'latest: GOPROXY=off', goproxy: 'off', mv: 'example.com/hello@latest' },
  { name: 'latest: .info 404 then next entry', goproxy: '$P/info404,$P', mv: 'example.com/hello@latest' },
  { name: 'latest: .info 404', goproxy: '$P/info404', mv: 'example.com/hello@latest' },
  { name: 'latest: direct', goproxy: 'direct', mv: 'example.com/hello@latest' },
  { name: 'latest: empty 200 list at a 403 proxy chain', goproxy: '$P/s403,$P', mv: 'example.com/hello@latest' },
  // repo.go Lookup caches a repo per (GOPROXY entry as written, module): a repeated entry is
  // answered from that cache for what cachingRepo keeps (Stat, GoMod), asked again for zips.
  { name: 'same URL twice: A,B,A', goproxy: '$P/s404,$P/s410,$P/s404' },
  { name: 'same URL twice with |', goproxy: '$P/s503|$P/s404|$P/s503' },
  { name: 'same URL twice, .zip', goproxy: '$P/zip404,$P/s404,$P/zip404' },
  { name: 'same URL twice, .mod', goproxy: '$P/mod404,$P/s404,$P/mod404' },
  { name: 'same URL spelled differently is asked again', goproxy: '$P/s404,$P/s410,$P/s404/' },
  { name: 'same URL twice, latest', goproxy: '$P/nolist,$P/s404,$P/nolist', mv: 'example.com/hello@latest' },
  { name: 'same URL twice, revision', goproxy: '$P/s404,$P/s410,$P/s404', mv: 'example.com/hello@master' },
  { name: 'stalled proxy: go hangs', goproxy: '$P/stall', hang: true },
  { name: 'stalled proxy after a 404: go hangs', goproxy: '$P/s404,$P/stall,$P', hang: true },
  { name: 'stalled .zip: go hangs', goproxy: '$P/zipredir/stall', hang: true },
];

function runGo(g: GoUnderTest, args: string[], env: Record<string, string>, cwd: string, timeout = 30000): Promise<{ code: number; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    execFile(g.bin, args, { env, cwd, timeout, encoding: 'utf8', killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const killed = Boolean(err && (err as { killed?: boolean }).killed);
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code, stdout, stderr, killed });
    });
  });
}

function upToOf(text: string | null, marker: string | undefined): string | null {
  if (text === null || !marker) return text;
  const i = text.indexOf(marker);
  return i >= 0 ? text.slice(0, i + marker.length) : text;
}

function tailOf(text: string | null, marker: string | undefined): string | null {
  if (text === null || !marker) return text;
  const i = text.indexOf(marker);
  return i >= 0 ? text.slice(i) : text;
}

/** go's error text of a run ('' when it succeeded). */
function goErrorOf(go: Outcome['go']): string {
  try {
    return (JSON.parse(go.stdout) as { Error?: string }).Error ?? '';
  } catch {
    return go.stderr.trim().replace(/^go: /, '');
  }
}

/** What one case gave on one release: go's side and ours, each with the lab's request log. */
interface Outcome {
  go: { code: number; stdout: string; stderr: string; killed: boolean };
  goTrace: string[];
  walk: Awaited<ReturnType<typeof walkChain>>;
  ourTrace: string[];
  ms: number;
}

/** Runs every case of one release, in order, on that release's own lab. */
function runRelease(g: GoUnderTest, lab: ChainLab, root: string, timings: Map<string, number>): Map<Case, Promise<Outcome>> {
  const out = new Map<Case, Promise<Outcome>>();
  let previous: Promise<unknown> = Promise.resolve();
  for (const c of CASES) {
    const p = previous.then(async (): Promise<Outcome> => {
      const t0 = Date.now();
      const home = mkdtempSync(path.join(root, `${g.release}-`));
      try {
        const mv = c.mv ?? HELLO;
        const [module, version] = [mv.slice(0, mv.lastIndexOf('@')), mv.slice(mv.lastIndexOf('@') + 1)];
        const extra: Record<string, string> = { HTTP_PROXY: lab.proxy.url, HTTPS_PROXY: lab.proxy.url };
        for (const [k, v] of Object.entries(c.env ?? {})) extra[k] = lab.expand(v);
        const goproxy = lab.expand(c.goproxy);
        const env = goEnv(home, { ...extra, GOPROXY: goproxy }, goPathEnv(g));
        lab.clearLogs();
        const go = await runGo(g, ['mod', 'download', '-json', mv], env, home, c.hang ? 4000 : 30000);
        const goTrace = labTrace(lab);
        lab.clearLogs();
        const walk = await walkChain(module, version, {
          goproxy, gonoproxy: env.GONOPROXY || env.GOPRIVATE || '', platform: 'linux', env, timeoutMs: c.hang ? 1000 : 5000,
          proxyVariant: proxyVariantOf(g.release), goVersion: g.release, readFile: (f) => readFile(f),
        });
        return { go, goTrace, walk, ourTrace: labTrace(lab), ms: Date.now() - t0 };
      } finally {
        // go's telemetry child may still be writing under HOME/.config: `after` removes the rest.
        try {
          rmSync(home, { recursive: true, force: true, maxRetries: 3 });
        } catch {
          // removed with the root
        }
      }
    });
    // A failed case must not stop the ones after it.
    previous = p.catch(() => undefined);
    void p.then((o) => timings.set(g.release, (timings.get(g.release) ?? 0) + o.ms), () => undefined);
    out.set(c, p);
  }
  return out;
}

describe('chain walk vs go mod download', function () {
  this.timeout(180000);
  const labs: ChainLab[] = [];
  const outcomes = new Map<GoUnderTest, Map<Case, Promise<Outcome>>>();
  const timings = new Map<string, number>();
  const root = mkdtempSync(path.join(tmpdir(), 'gpd-chain-go-'));
  before(async () => {
    for (const g of GO_RELEASES) {
      try {
        requireGo(g);
      } catch {
        continue; // its describe fails every case
      }
      const lab = await startChainLab();
      labs.push(lab);
      outcomes.set(g, runRelease(g, lab, root, timings));
    }
  });
  after(async () => {
    // Wait for every release's last case before closing the labs.
    await Promise.all([...outcomes.values()].flatMap((m) => [...m.values()].map((p) => p.catch(() => undefined))));
    for (const [r, ms] of timings) console.log(`      chain-diff ${r}: ${(ms / 1000).toFixed(1)} s of case time`);
    // GPD_RECORD_GO_TEXTS=file: go's error text of every case on every release, the source of
    // test/fixtures/errors/go-releases.json (the catalogue's per-release wordings).
    if (process.env.GPD_RECORD_GO_TEXTS) {
      const rows: Array<{ case: string; release: string; text: string }> = [];
      for (const [g, m] of outcomes) {
        for (const [c, p] of m) {
          const o = await p.catch(() => null);
          const text = o && !c.hang ? goErrorOf(o.go) : null;
          if (text) rows.push({ case: c.name, release: g.release, text: `go: ${text}` });
        }
      }
      writeFileSync(process.env.GPD_RECORD_GO_TEXTS, JSON.stringify(rows, null, 1) + '\n');
    }
    await closeHttpClients();
    await Promise.all(labs.map((l) => l.close()));
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });

  it('has at least 40 cases', () => assert.ok(CASES.length >= 40, String(CASES.length)));

  describeEachGo('chain walk vs go mod download', (g) => {
    for (const c of CASES) {
      it(c.name, async () => {
        const { go, goTrace, walk, ourTrace } = await outcomes.get(g)!.get(c)!;
        if (c.hang) {
          assert.equal(go.killed, true, `go returned: ${go.stdout} ${go.stderr}`);
          assert.equal(walk.verdict.served, false);
          assert.equal(walk.verdict.hang, true);
          assert.match(walk.verdict.error ?? '', /go would wait here with no time limit/);
          assert.deepEqual(ourTrace, goTrace);
          return;
        }
        let goJson: { Error?: string; Zip?: string };
        try {
          goJson = JSON.parse(go.stdout) as { Error?: string; Zip?: string };
        } catch {
          goJson = { Error: go.stderr.trim().replace(/^go: /, '') };
        }
        // `why` must name every failure this release prints.
        if (goJson.Error) assert.notEqual(explainFailure(`go: ${goJson.Error}`).facts.kind, 'unknown', `why does not recognise ${g.release}'s text: ${goJson.Error}`);
        const goServed = go.code === 0 && Boolean(goJson.Zip);
        const detail = `\n go: ${JSON.stringify(goJson.Error ?? null)}\n us: ${JSON.stringify(walk.verdict.error)}\n go trace: ${goTrace.join(' ; ')}\n our trace: ${ourTrace.join(' ; ')}`;
        assert.equal(walk.verdict.served, goServed, `served${detail}`);
        assert.equal(upToOf(tailOf(walk.verdict.error, c.tail), c.upTo), upToOf(tailOf(goJson.Error ?? null, c.tail), c.upTo), `error text${detail}`);
        assert.deepEqual(ourTrace, goTrace, `requests${detail}`);
        if (goServed) assert.equal(walk.steps.filter((s) => s.outcome === 'ok').length >= 3, true);
      });
    }
  });
});
