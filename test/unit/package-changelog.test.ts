import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// CHANGELOG.md follows Keep a Changelog, and its newest release is the version of
// package.json, which is what the built CLI prints for --version.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const SECTIONS = new Set(['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security']);

interface Release { version: string; date?: string; sections: string[] }

function releases(text: string): Release[] {
  const out: Release[] = [];
  for (const line of text.split('\n')) {
    const h2 = line.match(/^## (.*)$/);
    if (h2) {
      const m = h2[1].match(/^\[(Unreleased|\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\](?: - (\d{4}-\d{2}-\d{2}))?$/);
      assert.ok(m, `version heading "${line}" is "## [x.y.z] - YYYY-MM-DD" or "## [Unreleased]"`);
      out.push({ version: m[1], date: m[2], sections: [] });
      continue;
    }
    const h3 = line.match(/^### (.*)$/);
    if (h3) {
      assert.ok(out.length, `${line} under a version`);
      assert.ok(SECTIONS.has(h3[1]), `section "${h3[1]}" is one of ${[...SECTIONS].join(', ')}`);
      out[out.length - 1].sections.push(h3[1]);
    }
  }
  return out;
}

function compareSemver(a: string, b: string): number {
  const pa = a.split('-')[0].split('.').map(Number);
  const pb = b.split('-')[0].split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
}

describe('CHANGELOG.md and the version', () => {
  const text = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

  it('follows Keep a Changelog', () => {
    assert.match(text, /^# Changelog\n/);
    assert.match(text, /keepachangelog\.com/);
    const rs = releases(text);
    assert.equal(rs[0]?.version, 'Unreleased', 'an [Unreleased] section comes first');
    const released = rs.slice(1);
    assert.ok(released.length > 0);
    for (const r of released) {
      assert.ok(r.date, `${r.version} has a date`);
      assert.ok(r.sections.length > 0, `${r.version} lists its changes`);
      assert.equal(new Set(r.sections).size, r.sections.length, `${r.version} has each section once`);
    }
    for (let i = 1; i < released.length; i++) {
      assert.ok(compareSemver(released[i - 1].version, released[i].version) > 0, 'newest first');
      assert.ok(released[i - 1].date! >= released[i].date!, 'dates newest first');
    }
    for (const r of rs) assert.match(text, new RegExp(`^\\[${r.version.replace(/\./g, '\\.')}\\]: https?://\\S+$`, 'm'), `link reference for ${r.version}`);
  });

  it('its newest release is package.json\'s version, which the built CLI prints', () => {
    const newest = releases(text)[1];
    assert.equal(newest.version, pkg.version);
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
    assert.equal(b.status, 0, b.stderr);
    const v = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), '--version'], { encoding: 'utf8', timeout: 30000 });
    assert.equal(v.stdout, `go-proxy-doctor ${pkg.version}\n`);
  });
});
