import * as assert from 'node:assert/strict';
import { goGet, HttpSession } from '../../src/core/net/http-client';
import { measured, MEMORY_BOUND_BYTES, startHostileHttp, type HttpBehaviour, type HostileServer } from './hostile-servers';

/**
 * The project's HTTP client (go's web.Get, bounded) against servers that never end, drip,
 * flood, bomb, loop or speak garbage. Each request must come back within its time limit
 * (plus a margin) with a clear result, and the process's memory must stay bounded.
 */

const TIMEOUT_MS = 2000;
/** Slack for scheduling on a loaded CI machine. */
const MARGIN_MS = 2500;
const MAX_BODY = 1 << 20;

interface Expectation {
  behaviour: HttpBehaviour;
  title: string;
  check(r: Awaited<ReturnType<typeof goGet>>): void;
}

const CASES: Expectation[] = [
  {
    behaviour: 'endless-body', title: 'an endless body is cut at the body cap',
    check: (r) => {
      assert.equal(r.status, 200);
      assert.equal(r.truncated, true);
      assert.ok(r.body.length <= MAX_BODY, `${r.body.length} bytes kept`);
    },
  },
  {
    behaviour: 'slow-drip', title: 'a body dripping one byte per 50 ms ends at the time limit',
    check: (r) => {
      assert.equal(r.error?.kind, 'timeout');
      assert.match(r.goError ?? '', /no answer within 2000 ms \(go would wait here with no time limit\)/);
    },
  },
  {
    behaviour: 'endless-headers', title: 'headers that never end stop at go\'s 10 MiB header limit, with go\'s words',
    check: (r) => {
      assert.equal(r.error?.kind, 'protocol');
      assert.equal(r.status, undefined);
      assert.match(r.goError ?? '', /^Get "http:\/\/127\.0\.0\.1:\d+\/example\.com\/hello\/@v\/v1\.0\.0\.info": net\/http: HTTP\/1\.x transport connection broken: net\/http: server response headers exceeded 10485760 bytes; aborted$/);
    },
  },
  {
    behaviour: 'many-headers', title: '10 000 headers are read as go reads them (below its 10 MiB limit)',
    check: (r) => {
      assert.equal(r.error, undefined, r.goError);
      assert.equal(r.status, 200);
      assert.equal(r.headers['x-h9999'], '9999');
      assert.equal(r.body.toString(), 'ok\n');
    },
  },
  {
    behaviour: 'redirect-loop', title: 'a redirect loop stops after go\'s 10 redirects',
    check: (r) => {
      assert.equal(r.error?.kind, 'redirect');
      assert.match(r.goError ?? '', /stopped after 10 redirects$/);
      assert.equal(r.redirects.length, 10);
    },
  },
  {
    behaviour: 'redirect-chain', title: 'a 100-hop redirect chain stops after go\'s 10 redirects',
    check: (r) => {
      assert.equal(r.error?.kind, 'redirect');
      assert.match(r.goError ?? '', /^Get "\/hop\/10": stopped after 10 redirects$/);
    },
  },
  {
    behaviour: 'redirect-file', title: 'a redirect to file:///etc/passwd is refused and nothing local is read',
    check: (r) => {
      assert.ok(r.error, 'an error');
      assert.equal(r.status, undefined);
      assert.ok(!r.body.toString('latin1').includes('root:'), 'no local file content');
      assert.match(r.goError ?? '', /^Get "file:\/\/\/etc\/passwd": unsupported protocol scheme "file"$/);
    },
  },
  {
    behaviour: 'redirect-scheme', title: 'a redirect to another scheme (gopher:) is refused as go does',
    check: (r) => {
      assert.ok(r.error, 'an error');
      assert.match(r.goError ?? '', /^Get "gopher:\/\/127\.0\.0\.1:1\/x": unsupported protocol scheme "gopher"$/);
    },
  },
  {
    behaviour: 'gzip-bomb', title: 'a gzip bomb (128 MiB of zeros) is inflated only up to the body cap',
    check: (r) => {
      assert.equal(r.status, 200);
      assert.ok(r.body.length <= MAX_BODY, `${r.body.length} bytes kept`);
      assert.equal(r.truncated, true);
      // What go reads first: the inflated zeros, not the gzip header.
      assert.equal(r.body[0], 0);
    },
  },
  {
    behaviour: 'garbage', title: 'binary garbage instead of HTTP is an error',
    check: (r) => {
      assert.ok(r.error, 'an error');
      assert.equal(r.status, undefined);
      assert.match(r.goError ?? '', /^Get "http:\/\/127\.0\.0\.1:\d+\/.+": ./);
    },
  },
  {
    behaviour: 'bad-status', title: 'an invalid status line is an error',
    check: (r) => {
      assert.ok(r.error, 'an error');
      assert.match(r.goError ?? '', /^Get "http:\/\/127\.0\.0\.1:\d+\/.+": ./);
    },
  },
  {
    behaviour: 'huge-status-line', title: 'a 2 MiB status line is refused',
    check: (r) => {
      assert.ok(r.error, 'an error');
      assert.match(r.goError ?? '', /^Get "http:\/\/127\.0\.0\.1:\d+\/.+": ./);
    },
  },
];

describe('hostile HTTP servers: the HTTP client stays bounded in time and memory', function () {
  this.timeout(60000);
  let session: HttpSession;
  beforeEach(() => { session = new HttpSession(); });
  afterEach(async () => { await session.close(); });

  for (const c of CASES) {
    it(c.title, async () => {
      let server: HostileServer | undefined;
      try {
        server = await startHostileHttp(c.behaviour);
        const url = server.url;
        const m = await measured(() => goGet(url, { env: {}, timeoutMs: TIMEOUT_MS, maxBodyBytes: MAX_BODY, session }));
        assert.ok(m.ms < TIMEOUT_MS + MARGIN_MS, `answered in ${m.ms} ms`);
        assert.ok(m.heapGrowth < MEMORY_BOUND_BYTES, `heap grew by ${(m.heapGrowth / 1e6).toFixed(1)} MB`);
        assert.ok(m.rssGrowth < 2 * MEMORY_BOUND_BYTES, `rss grew by ${(m.rssGrowth / 1e6).toFixed(1)} MB`);
        c.check(m.value);
      } finally {
        await server?.close();
      }
    });
  }

  it('an abort stops an endless body at once', async () => {
    const server = await startHostileHttp('endless-body');
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const m = await measured(() => goGet(server.url, { env: {}, timeoutMs: 30000, maxBodyBytes: 1 << 30, signal: ac.signal, session }));
      assert.ok(m.ms < 1500, `stopped in ${m.ms} ms`);
      assert.equal(m.value.error?.kind, 'aborted');
      assert.match(m.value.goError ?? '', /context canceled$/);
    } finally {
      await server.close();
    }
  });
});
