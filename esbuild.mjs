// Three bundles: the extension (runs in the extension host), the worker (the core, in a
// worker thread) and the CLI. Only the extension may import 'vscode'; src/core never may.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const production = !process.argv.includes('--dev');
const root = path.dirname(new URL(import.meta.url).pathname);

/** Fails the build when 'vscode' is imported from src/core, or at all in core-only bundles. */
function forbidVscode(everywhere) {
  return {
    name: 'forbid-vscode',
    setup(build) {
      build.onResolve({ filter: /^vscode$/ }, (args) => {
        const rel = path.relative(root, args.importer);
        if (everywhere || rel.startsWith(path.join('src', 'core'))) {
          return { errors: [{ text: `'vscode' may not be imported here (${rel}): src/core and the ${everywhere ? 'worker/CLI' : 'core'} must stay vscode-free` }] };
        }
        return { path: 'vscode', external: true };
      });
    },
  };
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  keepNames: true,
  legalComments: 'linked',
  define: { __GPD_VERSION__: JSON.stringify(pkg.version) },
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: ['src/vscode/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [forbidVscode(false)] },
  { ...common, entryPoints: ['src/worker/index.ts'], outfile: 'dist/worker.js', plugins: [forbidVscode(true)] },
  { ...common, entryPoints: ['src/cli/index.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [forbidVscode(true)] },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length) process.exit(1);
}
