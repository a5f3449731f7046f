// Transpiles src/, test/ and bench/ file by file into out/ for mocha (no type check here:
// `npm run typecheck` does that). Fast enough for the edit-test loop.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, mkdirSync, cpSync, existsSync } from 'node:fs';
import * as path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
function walk(dir, out = []) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (name === 'node_modules' || name === 'fixtures-out') continue;
    const st = statSync(p);
    if (st.isDirectory()) walk(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) out.push(p);
  }
  return out;
}
const entries = ['src', 'test', 'bench'].flatMap((d) => walk(path.join(root, d)));
// GPD_OUT lets parallel runs use separate folders (default out/).
const out = path.join(root, process.env.GPD_OUT || 'out');
rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries,
  outdir: out,
  outbase: root,
  bundle: false,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  supported: { 'dynamic-import': false },
  define: { __GPD_VERSION__: 'undefined' },
  logLevel: 'warning',
});
// Fixtures are read at run time relative to the compiled tests.
mkdirSync(path.join(out, 'test'), { recursive: true });
if (existsSync(path.join(root, 'test', 'fixtures'))) cpSync(path.join(root, 'test', 'fixtures'), path.join(out, 'test', 'fixtures'), { recursive: true });
