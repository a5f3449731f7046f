/** Hermetic environments and temp folders for the commands the benchmark runs. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GO } from './go-binary';
import { goEnv } from '../test/lab/chain-harness';

/** The repository (the compiled bench/run.js lives two folders below it). */
export const REPO = path.resolve(__dirname, '..', '..');

export function tempDir(tag: string): string {
  return mkdtempSync(path.join(tmpdir(), `gpd-bench-${tag}-`));
}

/**
 * A complete environment for go and for the doctor: temp HOME, GOPATH, GOMODCACHE, GOENV,
 * GOCACHE, GOFLAGS=-modcacherw, GOTOOLCHAIN=local, no proxy variables, plus `extra`.
 */
export function hermeticEnv(home: string, extra: Record<string, string>): Record<string, string> {
  mkdirSync(home, { recursive: true });
  // The measured go first on PATH, so the doctor gathers with the same go the scenario times.
  return { ...goEnv(home, extra, `${path.dirname(GO)}:/usr/bin:/bin`), NO_COLOR: '1', LANG: 'C.UTF-8' };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

/**
 * A private copy of the built bundles: others may rebuild dist/ while the benchmark runs,
 * and every run must measure the same build.
 */
export function snapshotDist(into: string): string {
  const src = path.join(REPO, 'dist');
  for (const f of ['cli.js', 'worker.js', 'extension.js']) {
    if (!existsSync(path.join(src, f))) throw new Error(`dist/${f} is missing: run npm run build first`);
  }
  const dst = path.join(into, 'dist');
  mkdirSync(dst, { recursive: true });
  for (const f of readdirSync(src)) if (!f.endsWith('.vsix')) cpSync(path.join(src, f), path.join(dst, f));
  return dst;
}
