import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canGoEnvWrite } from '../../src/core/env/go-config-vars';

// The real go decides which variables `go env -w` writes; our fixes must agree with it.
describe('go: which variables go env -w accepts (real go)', function () {
  this.timeout(60000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-envw-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    GOENV: path.join(dir, 'go-env'),
    GOPATH: path.join(dir, 'gopath'),
    GOCACHE: path.join(dir, 'cache'),
    GOTOOLCHAIN: 'local',
    GOPROXY: 'off',
    GOFLAGS: '',
  };
  const cases: Array<[string, string]> = [
    ['GOPROXY', 'https://goproxy.cn,direct'], ['GONOPROXY', 'none'], ['GOPRIVATE', 'corp.example'],
    ['GONOSUMDB', 'corp.example'], ['GOSUMDB', 'sum.golang.org'], ['GOINSECURE', 'corp.example'],
    ['GOFLAGS', '-mod=mod'], ['GO111MODULE', 'on'], ['GOVCS', 'public:git'],
    ['HTTPS_PROXY', 'http://proxy:3128'], ['HTTP_PROXY', 'http://proxy:3128'], ['NO_PROXY', 'corp.example'],
    ['SSL_CERT_FILE', '/etc/ssl/x.pem'], ['GODEBUG', 'http2client=0'], ['GOKEYS', 'x'], ['GOENV', '/x'],
  ];
  for (const [name, value] of cases) {
    it(`${name}: ${canGoEnvWrite(name) ? 'written' : 'refused'}`, () => {
      // GOPROXY itself is set in the OS env above; go writes it and only warns.
      let ok = true;
      try {
        execFileSync('go', ['env', '-w', `${name}=${value}`], { env, cwd: dir, stdio: 'pipe', timeout: 30000 });
      } catch {
        ok = false;
      }
      assert.equal(ok, canGoEnvWrite(name));
    });
  }
});
