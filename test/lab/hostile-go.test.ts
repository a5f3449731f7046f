import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diagnose } from '../../src/core/diagnose';
import { nodeHost } from '../../src/core/host/node-host';
import { measured, MEMORY_BOUND_BYTES } from './hostile-servers';

/**
 * A hostile `go` first on PATH: one that never exits, one that prints 100 MB, one that prints
 * binary junk instead of JSON. The diagnosis must end within its time limit with a GPD142
 * finding that says what happened, keep memory bounded, and leave no process behind.
 */

const TIMEOUT_MS = 2000;

const SCRIPTS: Record<string, string> = {
  // `exec` so the process group holds only sleep; a child that ignores SIGTERM as well.
  hang: '#!/bin/sh\ntrap "" TERM\necho "$$" >> "$GPD_PIDS"\nsleep 600 &\necho "$!" >> "$GPD_PIDS"\nwait\n',
  flood: '#!/bin/sh\nhead -c 104857600 /dev/zero | tr "\\0" "x"\n',
  junk: '#!/bin/sh\nprintf "\\377\\376{\\"GOPROXY\\": [1,2\\n\\000\\033[31m"\nexit 0\n',
};

/** Running (a zombie waiting for a reaper counts as gone: it no longer runs). */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\S+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

describe('a hostile go binary: environment gathering stays bounded and says why', function () {
  this.timeout(60000);
  let root: string;
  before(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-hostile-go-')); });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  for (const [name, script] of Object.entries(SCRIPTS)) {
    it(`go that ${name === 'hang' ? 'never exits' : name === 'flood' ? 'prints 100 MB' : 'prints binary junk'}: a GPD142 finding within the time limit`, async () => {
      const dir = path.join(root, name);
      const bin = path.join(dir, 'bin');
      const work = path.join(dir, 'work');
      fs.mkdirSync(bin, { recursive: true });
      fs.mkdirSync(work, { recursive: true });
      fs.writeFileSync(path.join(bin, 'go'), script, { mode: 0o755 });
      const pids = path.join(dir, 'pids');
      const host = nodeHost({ env: { PATH: `${bin}:/usr/bin:/bin`, HOME: path.join(dir, 'home'), GPD_PIDS: pids }, cwd: work, homedir: path.join(dir, 'home') });
      host.lookup = async (n) => { throw Object.assign(new Error(`lab: no DNS for ${n}`), { code: 'ENOTFOUND' }); };
      const m = await measured(() => diagnose({ dir: work, host, options: { offline: true, timeoutMs: TIMEOUT_MS, only: ['GPD142'] } }));
      // gather runs `go env -json` (and, after a failure that is not a timeout, a keyed retry
      // and `go version`): three runs at most, each bounded.
      assert.ok(m.ms < 3 * Math.max(TIMEOUT_MS, 10000) + 3000, `ended in ${m.ms} ms`);
      assert.ok(m.heapGrowth < MEMORY_BOUND_BYTES, `heap grew by ${(m.heapGrowth / 1e6).toFixed(1)} MB`);
      assert.ok(m.rssGrowth < 2 * MEMORY_BOUND_BYTES, `rss grew by ${(m.rssGrowth / 1e6).toFixed(1)} MB`);
      const r = m.value.results.find((x) => x.id === 'GPD142');
      assert.ok(r, 'GPD142 ran');
      assert.notEqual(r.status, 'crashed', r.reason);
      const f = r.findings[0];
      assert.ok(f, `a finding: ${JSON.stringify(r)}`);
      assert.match(f.message, /go env -json/);
      if (name === 'hang') assert.match(f.message, /did not answer in time .*did not finish within \d+ ms/);
      else assert.match(f.message, /fails|did not answer/);
      assert.ok(f.message.length < 2000, 'the message is short, not the 100 MB');
      assert.ok(JSON.stringify(m.value).length < 1_000_000, 'the report stays small');
      if (fs.existsSync(pids)) {
        await new Promise((res) => setTimeout(res, 300));
        for (const pid of fs.readFileSync(pids, 'utf8').split('\n').filter(Boolean).map(Number)) {
          assert.equal(alive(pid), false, `process ${pid} of the hung go was killed`);
        }
      }
    });
  }
});
