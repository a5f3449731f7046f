import * as assert from 'node:assert/strict';
import { explainGoproxy } from '../../src/cli/commands/explain';
import { judgeValue } from '../../src/core/checks/environment/judge-value';
import { chainInputs } from '../../src/core/net/chain-inputs';
import { neededHosts, proxyVariantOf } from '../../src/core/net/hosts-needed';
import type { GoEnvironment } from '../../src/core/model/environment';

/**
 * Callers of the version-aware parsers pass the go version along. `https://a[b]/` is a URL
 * go1.19.8's url.Parse accepts and newer ones refuse (`invalid IP-literal`, go-url.ts strictHostsFor).
 */
const BAD_FOR_NEW = 'https://a[b]/';

function env(version: string | null, vars: Record<string, string>): GoEnvironment {
  return {
    platform: 'linux', os: {}, go: { version },
    vars: Object.fromEntries(Object.entries(vars).map(([k, value]) => [k, { value, source: 'os' }])),
  } as unknown as GoEnvironment;
}

describe('the go version reaches every parser call', () => {
  it('explain: the GOPROXY list follows the go in use', () => {
    assert.equal(explainGoproxy(BAD_FOR_NEW, '', { platform: 'linux', go: { version: 'go1.19.8' } }).error, undefined);
    assert.match(explainGoproxy(BAD_FOR_NEW, '', { platform: 'linux', go: { version: 'go1.26.8' } }).error ?? '', /invalid IP-literal/);
  });

  it('judgeValue (as judge-assignments calls it): GOPROXY rules of the go in use', () => {
    const old = judgeValue('GOPROXY', BAD_FOR_NEW, {}, 'linux', { goVersion: 'go1.19.8' });
    const cur = judgeValue('GOPROXY', BAD_FOR_NEW, {}, 'linux', { goVersion: 'go1.26.8' });
    assert.ok(!old.some((j) => j.id === 'GPD101' && j.severity === 'error'), JSON.stringify(old));
    assert.ok(cur.some((j) => j.id === 'GPD101' && j.severity === 'error'), JSON.stringify(cur));
  });

  it('proxyVariantOf and chainInputs agree: go1.21 and older the old httpproxy, newer or unknown the newest', () => {
    for (const [v, want] of [['go1.19.8', 'go1.19'], ['go1.21.13', 'go1.19'], ['go1.22.0', 'current'], ['go1.26.8', 'current'], [null, 'current']] as const) {
      assert.equal(proxyVariantOf(v), want, String(v));
      assert.equal(chainInputs(env(v, {})).proxyVariant, want, String(v));
    }
  });

  it('neededHosts: a GOPROXY entry only the go in use accepts', () => {
    // go1.19.8 uses the list (https://a[b]/ itself has no host a TCP check could use); go1.26.8 refuses all of it.
    assert.deepEqual(neededHosts(env('go1.19.8', { GOPROXY: `${BAD_FOR_NEW},https://p.example`, GOSUMDB: 'off' })).filter((h) => h.role === 'goproxy').map((h) => h.hostname), ['p.example']);
    assert.deepEqual(neededHosts(env('go1.26.8', { GOPROXY: `${BAD_FOR_NEW},https://p.example`, GOSUMDB: 'off' })).filter((h) => h.role === 'goproxy'), []);
  });
});
