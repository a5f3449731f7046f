import * as assert from 'node:assert/strict';
import { canGoEnvWrite, setVariableCommand } from '../../src/core/env/go-config-vars';

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
});
