import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';

// A fix must name the command that works where the value lives: `go env -w` cannot override
// an OS variable (go@1.19.8 cfg.Getenv: a non-empty OS value wins over the go/env file).
describe('diagnose: set-variable fixes carry the command that works here', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-setcmd-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function fixCommand(env: Record<string, string>): Promise<string | undefined> {
    const host = nodeHost({ env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GOENV: path.join(dir, 'go-env'), GOTOOLCHAIN: 'local', ...env }, cwd: dir });
    const report = await diagnose({ dir, host, options: { offline: true, only: ['GPD132'] } });
    const r = report.results.find((x) => x.id === 'GPD132')!;
    return r.findings[0]?.fixes.find((f) => f.preferred)?.command;
  }

  it('unsets an OS variable', async () => {
    assert.equal(await fixCommand({ GOFLAGS: '-insecure' }), 'unset GOFLAGS');
  });

  it('uses go env -w for a value from the go/env file', async () => {
    fs.writeFileSync(path.join(dir, 'go-env'), 'GOFLAGS=-insecure\n');
    assert.equal(await fixCommand({}), "go env -w GOFLAGS=''");
  });
});
