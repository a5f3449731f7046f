// `npm run doctor`: build the CLI, then diagnose the folder `npm run` was called from. npm runs
// scripts in the package's own folder and passes the caller's folder as INIT_CWD; without
// this, running it from inside a Go project would diagnose the doctor's checkout instead.
// Relative paths among the arguments (`npm run doctor -- ../app`) resolve from there too.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(3);
const where = process.env.INIT_CWD || process.cwd();
const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), ...process.argv.slice(2)], { cwd: where, stdio: 'inherit' });
if (run.error) {
  process.stderr.write(`go-proxy-doctor: could not run the CLI: ${run.error.message}\n`);
  process.exit(3);
}
process.exit(run.status ?? 130);
