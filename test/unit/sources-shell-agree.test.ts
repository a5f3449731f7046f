import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceText } from '../../src/core/sources/source-text';
import { parseShellFile } from '../../src/core/sources/shell-env';

const DIR = path.join(__dirname, '..', 'fixtures', 'sources', 'shell');

/**
 * Our quote removal against the real shells: each literal assignment of the shell corpus,
 * run by bash and dash as written, must give the value we decoded.
 */
describe('sources: shell values agree with bash and dash', () => {
  for (const shell of ['/bin/bash', '/bin/dash']) {
    for (const name of fs.readdirSync(DIR).filter((n) => n !== 'expect.json').sort()) {
      it(`${path.basename(shell)}: ${name}`, () => {
        const src = new SourceText(path.join(DIR, name), fs.readFileSync(path.join(DIR, name), 'utf8'));
        const found = parseShellFile(src, name.includes('envrc') ? 'envrc' : 'shell-rc').assignments.filter((a) => a.resolution === 'literal' && a.scope.name !== 'go env -w');
        for (const a of found) {
          const s = src.index.offset(a.statement!.startLine, a.statement!.startColumn);
          const e = src.index.offset(a.statement!.endLine, a.statement!.endColumn);
          const statement = src.text.slice(s, e).replace(/\r/g, '');
          const script = `${a.scope.name === 'not exported' ? '' : 'export '}${statement}\nprintf '%s' "$${a.variable}"`;
          const r = spawnSync(shell, ['-c', script], { env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8', timeout: 10000 });
          assert.equal(r.status, 0, r.stderr);
          assert.equal(r.stdout, a.value, `${a.variable} from ${JSON.stringify(statement)}`);
        }
      });
    }
  }
});
