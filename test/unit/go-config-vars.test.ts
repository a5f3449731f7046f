import * as assert from 'node:assert/strict';
import { canGoEnvWrite, goEnvWriteRefusal, setVariableCommand } from '../../src/core/env/go-config-vars';
import { parseGoVersion } from '../../src/core/env/go-version';

describe('env: which variables go env -w accepts', () => {
  it('accepts Go config variables and refuses the rest (go@1.19.8 internal/cfg KnownEnv)', () => {
    for (const v of ['GOPROXY', 'GONOPROXY', 'GOPRIVATE', 'GONOSUMDB', 'GOSUMDB', 'GOINSECURE', 'GOFLAGS', 'GO111MODULE', 'GOTOOLCHAIN']) assert.ok(canGoEnvWrite(v), v);
    for (const v of ['HTTPS_PROXY', 'NO_PROXY', 'SSL_CERT_FILE', 'GODEBUG', 'GOENV', 'GOVERSION', 'GOKEYS']) assert.ok(!canGoEnvWrite(v), v);
  });

  it('prints the shell form for variables go env -w would refuse', () => {
    assert.equal(setVariableCommand('GOPROXY', 'https://goproxy.cn,direct'), 'go env -w GOPROXY=https://goproxy.cn,direct');
    assert.equal(setVariableCommand('HTTPS_PROXY', 'http://proxy:3128'), 'export HTTPS_PROXY=http://proxy:3128');
    assert.equal(setVariableCommand('GODEBUG', 'http2client=0', 'windows'), "$env:GODEBUG = 'http2client=0'");
    assert.equal(setVariableCommand('GOPRIVATE', 'a b'), "go env -w GOPRIVATE='a b'");
  });

  it('follows the release (each row checked against the real go in test/go/go-env-write.test.ts)', () => {
    const [v19, v26, v27] = ['go1.19.8', 'go1.26.8', 'go1.27.3'].map(parseGoVersion);
    assert.equal(goEnvWriteRefusal('GOROOT', v26), null);
    assert.equal(goEnvWriteRefusal('GOROOT', v27), 'go: GOROOT cannot be modified');
    assert.equal(goEnvWriteRefusal('GODEBUG', v19), 'go: unknown go command variable GODEBUG');
    assert.equal(goEnvWriteRefusal('GODEBUG', v26), 'go: GODEBUG can only be set using the OS environment');
    assert.equal(goEnvWriteRefusal('GOENV', v19), 'go: GOENV can only be set using the OS environment');
    assert.equal(goEnvWriteRefusal('GOTOOLCHAIN', v19), 'go: unknown go command variable GOTOOLCHAIN');
    assert.equal(goEnvWriteRefusal('GOAUTH', v26), null);
    assert.equal(goEnvWriteRefusal('GOTELEMETRY', v27), 'go: GOTELEMETRY cannot be modified');
    assert.equal(goEnvWriteRefusal('HTTPS_PROXY', v26, new Set(['HTTPS_PROXY'])), null, 'a key already in the file (1.21+)');
    assert.equal(goEnvWriteRefusal('HTTPS_PROXY', v19, new Set(['HTTPS_PROXY'])), 'go: unknown go command variable HTTPS_PROXY');
    assert.equal(setVariableCommand('GOROOT', '/opt/go', 'linux', false, v27), 'export GOROOT=/opt/go');
    assert.equal(setVariableCommand('GOROOT', '/opt/go', 'linux', false, v26), 'go env -w GOROOT=/opt/go');
    assert.equal(setVariableCommand('GOTOOLCHAIN', 'local', 'linux', false, v19), 'export GOTOOLCHAIN=local');
  });
});
