/** The per-diagnosis registry of GOPROXY entries that never answered. */
import * as assert from 'node:assert/strict';
import { StalledOrigins, stalledOriginsOf, stalledText } from '../../src/core/net/stalled-origins';

describe('stalled origins', () => {
  it('keys by base URL with its path: a stall under one path says nothing of another', () => {
    const s = new StalledOrigins();
    s.mark('http://127.0.0.1:9/stall', 'http://127.0.0.1:9/stall/example.com/hello/@v/list', 800);
    assert.equal(s.stalled('http://127.0.0.1:9/stall/')?.timeoutMs, 800);
    assert.equal(s.stalled('http://127.0.0.1:9'), undefined);
    assert.equal(s.stalled('http://127.0.0.1:9/stall2'), undefined);
    assert.equal(s.stalledUnder('http://127.0.0.1:9/stall/example.com/hello/@v/v1.0.0.zip')?.base, 'http://127.0.0.1:9/stall');
    assert.equal(s.stalledUnder('http://127.0.0.1:9/stalled/x'), undefined);
    assert.equal(s.stalledUnder('http://127.0.0.1:9/example.com/hello/@v/list'), undefined);
  });

  it('treats a base with and without its password as one, and never keeps the password', () => {
    const s = new StalledOrigins();
    s.mark('https://user:secret@proxy.example/mod', 'https://user:secret@proxy.example/mod/a/@v/list', 5000);
    const st = s.stalled('https://user:other@proxy.example/mod');
    assert.ok(st);
    assert.ok(!st.base.includes('secret') && !st.url.includes('secret'), JSON.stringify(st));
    assert.match(stalledText(st), /^no answer from https:\/\/user:xxxxx@proxy\.example\/mod\/a\/@v\/list within 5000 ms \(seen earlier in this diagnosis\); go would wait here with no time limit$/);
  });

  it('keeps the first stall of a base', () => {
    const s = new StalledOrigins();
    s.mark('http://h/p', 'http://h/p/a', 100);
    s.mark('http://h/p', 'http://h/p/b', 200);
    assert.equal(s.stalled('http://h/p')?.url, 'http://h/p/a');
  });

  it('is one registry per run (memo)', async () => {
    const m = new Map<string, Promise<unknown>>();
    const memo = <T>(k: string, f: () => Promise<T>) => {
      if (!m.has(k)) m.set(k, f());
      return m.get(k) as Promise<T>;
    };
    const a = await stalledOriginsOf({ memo });
    assert.equal(await stalledOriginsOf({ memo }), a);
    assert.notEqual(await stalledOriginsOf({ memo: <T>(_k: string, f: () => Promise<T>) => f() }), a);
  });
});
