import * as assert from 'node:assert/strict';
import { spansOf } from '../../src/core/report/waterfall';

describe('waterfall: a failed name lookup', () => {
  // What the http client records when getaddrinfo fails: the lookup event fires with the
  // error after 2 ms (dnsMs), no TCP, the error code; the step itself ended much later (retries, the walk).
  const hop = (error: string) => ({ url: 'https://goproxy.cn/x/@v/list', connection: { origin: 'https://goproxy.cn', startedAt: 0, dnsMs: 2, error } });

  for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
    it(`draws ${code} as a failed DNS phase of the lookup's own length, and nothing after it`, () => {
      const r = spansOf(hop(code), { outcome: 'error', ms: 2400 });
      assert.deepEqual(r.spans, [{ phase: 'dns', start: 0, end: 2, state: 'failed' }]);
    });
  }

  it('still draws a refused connection as a resolved name and a failed TCP phase', () => {
    const r = spansOf(hop('ECONNREFUSED'), { outcome: 'error', ms: 5 });
    assert.deepEqual(r.spans.map((s) => [s.phase, s.state]), [['dns', 'ok'], ['tcp', 'failed']]);
  });

  it('draws a lookup that never answered as a DNS phase with no answer', () => {
    const r = spansOf({ url: 'https://goproxy.cn/', connection: { origin: 'https://goproxy.cn', startedAt: 0, error: 'EAI_AGAIN' } }, { outcome: 'timeout', ms: 3000 });
    assert.deepEqual(r.spans, [{ phase: 'dns', start: 0, end: 3000, state: 'timeout' }]);
  });
});
