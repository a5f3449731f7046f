import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GitIgnore } from '../../src/core/sources/gitignore';

// Differential: every path is asked of the real git (check-ignore) and of GitIgnore.
const GITIGNORE = [
  '# a comment',
  'build/',
  '/out',
  '*.log',
  '!keep.log',
  'docs/**/generated',
  '**/cache',
  'tmp/**',
  'a?c',
  '[Tt]emp*',
  'fixtures/*/Dockerfile',
  '\\#literal',
  'dirOnly/',
  '',
].join('\n');

const PATHS: Array<[string, boolean]> = [
  ['build', true], ['src/build', true], ['build', false], ['out', true], ['src/out', true], ['out', false],
  ['x.log', false], ['src/x.log', false], ['keep.log', false], ['src/keep.log', false],
  ['docs/generated', true], ['docs/a/b/generated', true], ['src/docs/generated', true],
  ['cache', true], ['a/b/cache', true], ['tmp/x', false], ['tmp/a/b', true], ['tmp', true],
  ['abc', false], ['abbc', false], ['Temp1', true], ['temporary', false], ['src/Temp', false],
  ['fixtures/one/Dockerfile', false], ['fixtures/one/two/Dockerfile', false], ['Dockerfile', false],
  ['#literal', false], ['dirOnly', false], ['dirOnly', true], ['main.go', false],
];

describe('gitignore rules, against git check-ignore', () => {
  let dir: string;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-gitignore-'));
    execFileSync('git', ['init', '-q', dir], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    fs.writeFileSync(path.join(dir, '.gitignore'), GITIGNORE);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [rel, isDir] of PATHS) {
    it(`${rel}${isDir ? '/' : ''}`, () => {
      // check-ignore reads the path's kind from the trailing slash when the path does not exist.
      const git = spawnSync('git', ['-C', dir, 'check-ignore', '--no-index', '-q', isDir ? `${rel}/` : rel], { env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
      assert.ok(git.status === 0 || git.status === 1, String(git.stderr));
      const ours = new GitIgnore(GITIGNORE).decides(rel, isDir) === true;
      assert.equal(ours, git.status === 0, `git says ${git.status === 0 ? 'ignored' : 'not ignored'}`);
    });
  }
});
