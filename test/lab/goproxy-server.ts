/**
 * The lab GOPROXY: a real HTTP(S) server on 127.0.0.1 that serves the fixture modules and
 * misbehaves per path prefix. `/<scenario>/.../<module>/@v/<version>.info` applies each
 * leading scenario segment in turn; a path without one is a well-behaved proxy.
 *
 * Scenarios:
 *   sNNN        answer status NNN with a two-line text/plain body (as GO-FACTS §12.2)
 *   sNNNhtml    answer status NNN with a text/html body
 *   long404     404 with a 12-line text/plain body (go shows 8 lines)
 *   reset       TCP reset without an answer          close   close without an answer (EOF)
 *   stall       accept and never answer              slowbody  200, body one byte per 150 ms
 *   delayNNN    wait NNN ms, then go on              empty   200 with an empty body
 *   html        200 with an HTML login page          trunczip  the .zip cut in half
 *   badzip      a zip whose files are outside module@version/
 *   redirloop   302 to itself                        redir   302 to the same path without it
 *   zipredir    .zip 302 to the root path            zipredirblocked  .zip 302 to 127.0.0.1:1
 *   zip404      .zip 404, .info/.mod served          mod404  .mod 404
 *   nolist      404 for @v/list and @latest          emptylist  200 empty @v/list
 *   wrongversion  .info names another version        gzip    gzip-encoded answers
 *   cache       cache evidence headers (Age, X-Cache, Via)
 *   auth        401 unless Basic lab:secret          sumdb   200 for /sumdb/<name>/supported
 *   tohttp      302 to the same path on `httpPeer` (an https→http redirect)
 *   badlist     @v/list with lines that are not versions   nolatest  404 for @latest
 *   info404     .info 404 (the list still names the versions)
 *   emptymod    200 with an empty .mod                  htmlmod  200 with an HTML page as .mod
 *   d404<kind>  404 with a detail body of one kind (see DETAIL_BODIES): the `server response:` rules
 */
import * as http from 'node:http';
import * as https from 'node:https';
import * as http2 from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { buildFixtures, buildZip, type BuiltModule } from './module-fixtures';

export interface RequestLogEntry {
  at: number;
  method: string;
  /** Path and query as received (absolute-form requests are reduced to their path). */
  path: string;
  host: string;
  status?: number;
  /** The request was dropped (reset, close, stall). */
  dropped?: string;
}

export interface GoproxyServer {
  url: string;
  port: number;
  log: RequestLogEntry[];
  modules: BuiltModule[];
  clearLog(): void;
  close(): Promise<void>;
}

export interface GoproxyServerOptions {
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** With `tls`: offer HTTP/2 by ALPN (HTTP/1.1 still accepted), as most public proxies do. */
  h2?: boolean;
  modules?: BuiltModule[];
  /** Base URL the `tohttp` scenario redirects to. */
  httpPeer?: () => string;
}

const SCENARIO = /^(s\d{3}(html)?|long404|reset|close|stall|slowbody|delay\d+|empty|html|trunczip|badzip|redirloop|redir|zipredir|zipredirblocked|zip404|mod404|nolist|emptylist|wrongversion|gzip|cache|auth|sumdb|tohttp|badlist|nolatest|info404|emptymod|htmlmod|d404[a-z0-9]+)$/;

function unescapeModule(p: string): string {
  return p.replace(/!([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function parseRequestPath(path: string): { scenarios: string[]; rest: string } {
  const segs = path.split('/').filter((s, i) => i > 0 || s !== '');
  const scenarios: string[] = [];
  while (segs.length && SCENARIO.test(segs[0])) scenarios.push(segs.shift()!);
  return { scenarios, rest: segs.join('/') };
}

/** 404 bodies exercising go's `server response:` rules (web/api.go:124-164). */
const DETAIL_BODIES: Record<string, { type: string; body: Buffer }> = {
  oneline: { type: 'text/plain', body: Buffer.from('just one line\n') },
  crlf: { type: 'text/plain; charset=utf-8', body: Buffer.from('first line\r\nsecond line\r\n') },
  latin1: { type: 'text/plain; charset=iso-8859-1', body: Buffer.from('caf\xe9 not found\n', 'latin1') },
  ascii: { type: 'text/plain; charset=US-ASCII', body: Buffer.from('ascii detail\n') },
  badutf8: { type: 'text/plain', body: Buffer.from([0x62, 0x61, 0x64, 0xff, 0x0a]) },
  ctrl: { type: 'text/plain', body: Buffer.from('bell \x07 here\n') },
  blank: { type: 'text/plain', body: Buffer.from('\nafter a blank line\n') },
  longline: { type: 'text/plain', body: Buffer.from('x'.repeat(700) + '\n') },
  longsecond: { type: 'text/plain', body: Buffer.from('short first\n' + 'y'.repeat(640) + '\n') },
  unicode: { type: 'text/plain', body: Buffer.from('módulo não encontrado — 404\n') },
  tabs: { type: 'text/plain', body: Buffer.from('\tindented\tline\nnext\n') },
  nine: { type: 'text/plain', body: Buffer.from(Array.from({ length: 9 }, (_, i) => `l${i}`).join('\n')) },
};

function synthetic(status: number): string {
  return `synthetic ${status} from test proxy\nsecond line of detail\n`;
}

export async function startGoproxyServer(options: GoproxyServerOptions = {}): Promise<GoproxyServer> {
  const modules = options.modules ?? buildFixtures();
  const log: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void) => {
    const t = setTimeout(() => { timers.delete(t); f(); }, ms);
    timers.add(t);
  };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    let rawPath = req.url ?? '/';
    if (/^https?:\/\//i.test(rawPath)) rawPath = new URL(rawPath).pathname + new URL(rawPath).search;
    const entry: RequestLogEntry = { at: Date.now(), method: req.method ?? 'GET', path: rawPath, host: req.headers.host ?? '' };
    log.push(entry);
    let pathOnly = rawPath.split('?')[0];
    try {
      pathOnly = decodeURIComponent(pathOnly);
    } catch {
      // keep it raw
    }
    const { scenarios, rest } = parseRequestPath(pathOnly);
    const send = (status: number, body: string | Buffer, headers: Record<string, string> = {}) => {
      entry.status = status;
      let data = typeof body === 'string' ? Buffer.from(body) : body;
      const hs: Record<string, string> = { ...headers };
      if (scenarios.includes('gzip') && data.length > 0) {
        data = gzipSync(data);
        hs['content-encoding'] = 'gzip';
      }
      if (scenarios.includes('cache')) {
        hs.age = '86400';
        hs['x-cache'] = 'HIT from lab-cache';
        hs.via = '1.1 lab-cache';
        hs['last-modified'] = 'Mon, 02 Jan 2023 03:04:05 GMT';
        hs.etag = '"lab-etag"';
      }
      if (scenarios.includes('slowbody') && status === 200) {
        res.writeHead(status, { ...hs, 'content-length': String(data.length) });
        let i = 0;
        const tick = () => {
          if (i >= data.length || res.destroyed) return void res.end();
          res.write(data.subarray(i, i + 1));
          i++;
          later(150, tick);
        };
        tick();
        return;
      }
      if (status === 204 || status === 304) {
        res.writeHead(status, hs);
        return void res.end();
      }
      res.writeHead(status, { ...hs, 'content-length': String(data.length) });
      res.end(data);
    };

    // `?go-get=1`: answer go-import meta tags for the requested path, as a code host does.
    if (/[?&]go-get=1(&|$)/.test(rawPath)) {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '');
      const root = `${host}${pathOnly.replace(/\/+$/, '')}`;
      return send(200, `<!DOCTYPE html><html><head><meta name="go-import" content="${root} git https://${root}"></head></html>\n`, { 'content-type': 'text/html; charset=utf-8' });
    }
    const proceed = (k: number): void => {
      for (let i = k; i < scenarios.length; i++) {
        const s = scenarios[i];
        const delay = /^delay(\d+)$/.exec(s);
        if (delay) return later(Number(delay[1]), () => proceed(i + 1));
        const st = /^s(\d{3})(html)?$/.exec(s);
        if (st) {
          const status = Number(st[1]);
          if (st[2]) return send(status, `<html><body><h1>${status}</h1><p>login required</p></body></html>\n`, { 'content-type': 'text/html; charset=utf-8' });
          const extra: Record<string, string> = status === 429 ? { 'retry-after': '60' } : {};
          return send(status, synthetic(status), { 'content-type': 'text/plain; charset=utf-8', ...extra });
        }
        const d = /^d404(.+)$/.exec(s);
        if (d && DETAIL_BODIES[d[1]]) return send(404, DETAIL_BODIES[d[1]].body, { 'content-type': DETAIL_BODIES[d[1]].type });
        switch (s) {
          case 'long404':
            return send(404, Array.from({ length: 12 }, (_, n) => `line ${n + 1} of a long answer`).join('\n') + '\n', { 'content-type': 'text/plain' });
          case 'reset':
            entry.dropped = 'reset';
            return void req.socket.resetAndDestroy();
          case 'close':
            entry.dropped = 'close';
            return void req.socket.destroy();
          case 'stall':
            entry.dropped = 'stall';
            return;
          case 'empty':
            return send(200, '', { 'content-type': 'application/json' });
          case 'html':
            return send(200, '<!DOCTYPE html><html><body><form>Sign in</form></body></html>\n', { 'content-type': 'text/html; charset=utf-8' });
          case 'redirloop':
            return send(302, '', { location: pathOnly });
          case 'redir': {
            const target = '/' + [...scenarios.slice(0, i), ...scenarios.slice(i + 1)].join('/') + (scenarios.length > 1 ? '/' : '') + rest;
            return send(302, '', { location: `${options.tls ? 'https' : 'http'}://${req.headers.host}${target.replace(/\/+/g, '/')}` });
          }
          case 'tohttp': {
            const target = '/' + [...scenarios.slice(0, i), ...scenarios.slice(i + 1)].join('/') + (scenarios.length > 1 ? '/' : '') + rest;
            return send(302, '', { location: `${options.httpPeer?.() ?? 'http://127.0.0.1:1'}${target.replace(/\/+/g, '/')}` });
          }
          case 'auth': {
            const want = `Basic ${Buffer.from('lab:secret').toString('base64')}`;
            if (req.headers.authorization !== want) {
              return send(401, 'authentication required by lab proxy\n', { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Basic realm="lab"' });
            }
            break;
          }
          default:
            break;
        }
      }
      serveModule();
    };

    const serveModule = () => {
      if (rest.startsWith('sumdb/')) {
        if (scenarios.includes('sumdb') && /^sumdb\/[^/]+\/supported$/.test(rest)) return send(200, '');
        return send(404, 'not found\n', { 'content-type': 'text/plain; charset=utf-8' });
      }
      const at = rest.lastIndexOf('/@');
      if (at < 0) return send(404, 'not found: unknown path\n', { 'content-type': 'text/plain; charset=utf-8' });
      const modPath = unescapeModule(rest.slice(0, at));
      const tail = rest.slice(at + 1);
      const versions = modules.filter((m) => m.path === modPath);
      const notFound = (what: string) => send(404, `not found: ${what}\n`, { 'content-type': 'text/plain; charset=utf-8' });
      if (tail === '@v/list') {
        if (scenarios.includes('nolist')) return notFound(`${modPath}@v/list`);
        if (scenarios.includes('emptylist')) return send(200, '', { 'content-type': 'text/plain; charset=utf-8' });
        if (scenarios.includes('badlist')) return send(200, 'latest\n1.0.0\n' + versions.map((m) => m.version).join('\n') + '\n', { 'content-type': 'text/plain; charset=utf-8' });
        if (!versions.length) return notFound(modPath);
        return send(200, versions.map((m) => m.version).join('\n') + '\n', { 'content-type': 'text/plain; charset=utf-8' });
      }
      if (tail === '@latest') {
        if (scenarios.includes('nolist') || scenarios.includes('nolatest') || !versions.length) return notFound(`${modPath}@latest`);
        return send(200, versions[versions.length - 1].info, { 'content-type': 'application/json' });
      }
      const m = /^@v\/(.+)\.(info|mod|zip)$/.exec(tail);
      if (!m) return notFound(rest);
      const version = unescapeModule(m[1]);
      // A branch name resolves to the newest version, as proxies resolve revisions for .info.
      if (version === 'master' && m[2] === 'info' && versions.length) return send(200, versions[versions.length - 1].info, { 'content-type': 'application/json' });
      const mod = versions.find((v) => v.version === version);
      if (!mod) return notFound(`${modPath}@${version}`);
      switch (m[2]) {
        case 'info':
          if (scenarios.includes('info404')) return notFound(`${modPath}@${version}.info`);
          if (scenarios.includes('wrongversion')) return send(200, JSON.stringify({ Version: 'v9.9.9', Time: mod.time }), { 'content-type': 'application/json' });
          return send(200, mod.info, { 'content-type': 'application/json' });
        case 'mod':
          if (scenarios.includes('mod404')) return notFound(`${modPath}@${version}.mod`);
          if (scenarios.includes('emptymod')) return send(200, '', { 'content-type': 'text/plain; charset=utf-8' });
          if (scenarios.includes('htmlmod')) return send(200, '<!DOCTYPE html><html><body>Sign in</body></html>\n', { 'content-type': 'text/html' });
          return send(200, mod.mod, { 'content-type': 'text/plain; charset=utf-8' });
        case 'zip': {
          if (scenarios.includes('zip404')) return notFound(`${modPath}@${version}.zip`);
          if (scenarios.includes('zipredirblocked')) return send(302, '', { location: `http://127.0.0.1:1/blocked/${rest}` });
          if (scenarios.includes('zipredir')) {
            return send(302, '', { location: `${options.tls ? 'https' : 'http'}://${req.headers.host}/${rest}` });
          }
          if (scenarios.includes('trunczip')) return send(200, mod.zip.subarray(0, Math.floor(mod.zip.length / 2)), { 'content-type': 'application/zip' });
          if (scenarios.includes('badzip')) {
            const bad = buildZip([{ name: 'elsewhere/hello.go', data: Buffer.from('package hello\n') }]);
            return send(200, bad, { 'content-type': 'application/zip' });
          }
          return send(200, mod.zip, { 'content-type': 'application/zip' });
        }
      }
    };
    proceed(0);
  };

  const server = options.tls && options.h2
    ? http2.createSecureServer({ key: options.tls.key, cert: options.tls.cert, allowHTTP1: true }, handler as unknown as (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void)
    : options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  if (options.h2) server.on('sessionError', () => undefined);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e: Error, s: Socket) => s.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    log,
    modules,
    clearLog: () => void log.splice(0, log.length),
    close: async () => {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
