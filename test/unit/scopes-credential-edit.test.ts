import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { applyTextEdits } from '../../src/core/edit/apply-edits';

// The report is redacted; a fix edit must therefore never carry unchanged text holding a
// credential, or applying it would write "xxxxx" over the user's token.
describe('scope fixes: edits leave credentials in the file alone', function () {
  this.timeout(30000);
  it('rewrites only the bad entry of a GOPROXY whose other entry has user:token@', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-credit-'));
    try {
      const secret = 'S3cretTok-9f2c';
      const file = path.join(dir, '.gitlab-ci.yml');
      const before = `variables:\n  GOPROXY: "https://bob:${secret}@goproxy.corp.example/go,DIRECT"  # mirror\n`;
      fs.writeFileSync(file, before);
      const host = nodeHost({ env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, GOENV: 'off', GOTOOLCHAIN: 'local' }, cwd: dir, homedir: dir });
      const report = await diagnose({ dir, host, options: { offline: true, only: ['GPD202'] } });
      assert.ok(!JSON.stringify(report).includes(secret), 'the report is redacted');
      const f = report.results.find((r) => r.id === 'GPD202')!.findings.find((x) => x.id === 'GPD101');
      assert.ok(f, 'GPD101 at the file');
      const fix = f.fixes.find((x) => x.preferred && x.kind === 'edit')!;
      assert.equal(fix.edits!.length, 1);
      assert.equal(fix.edits![0].newText, 'direct');
      const after = applyTextEdits(before, fix.edits!);
      assert.equal(after, before.replace('DIRECT', 'direct'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
