import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { envFileLocation, envFileMap, parseEnvFile, userConfigDir } from '../../src/core/env/go-env-file';
import { parseGoVersion } from '../../src/core/env/go-version';
import { cleanPath, isAbsPath, joinPath, splitPathList } from '../../src/core/env/go-path';
import type { GoOS } from '../../src/core/model/environment';

const go119 = parseGoVersion('go1.19.8');
const go124 = parseGoVersion('go1.24.0');

describe('env: go/env file location (cfg.EnvFile, os.UserConfigDir)', () => {
  // go@1.19.8 src/cmd/go/testdata/script/env_write.txt:3-14 and src/os/file.go UserConfigDir.
  const rows: Array<[GoOS, Record<string, string>, string | null, string?]> = [
    ['linux', { HOME: '/home/u' }, '/home/u/.config/go/env'],
    ['linux', { HOME: '/home/u', XDG_CONFIG_HOME: '/xdg' }, '/xdg/go/env'],
    ['linux', { HOME: '/home/u', XDG_CONFIG_HOME: '' }, '/home/u/.config/go/env'],
    ['linux', {}, null, 'neither $XDG_CONFIG_HOME nor $HOME are defined'],
    ['linux', { HOME: '' }, null, 'neither $XDG_CONFIG_HOME nor $HOME are defined'],
    ['freebsd', { HOME: '/usr/home/u' }, '/usr/home/u/.config/go/env'],
    ['openbsd', { HOME: '/home/u/' }, '/home/u/.config/go/env'],
    ['aix', { HOME: '/u' }, '/u/.config/go/env'],
    ['darwin', { HOME: '/Users/u' }, '/Users/u/Library/Application Support/go/env'],
    ['darwin', { HOME: '/Users/u', XDG_CONFIG_HOME: '/xdg' }, '/Users/u/Library/Application Support/go/env'],
    ['darwin', {}, null, '$HOME is not defined'],
    ['ios', { HOME: '/var/mobile' }, '/var/mobile/Library/Application Support/go/env'],
    ['windows', { AppData: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u\\AppData\\Roaming\\go\\env'],
    ['windows', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming', HOME: '/ignored' }, 'C:\\Users\\u\\AppData\\Roaming\\go\\env'],
    ['windows', { appdata: 'D:/cfg/' }, 'D:\\cfg\\go\\env'],
    ['windows', { USERPROFILE: 'C:\\Users\\u' }, null, '%AppData% is not defined'],
    ['plan9', { home: '/usr/glenda' }, '/usr/glenda/lib/go/env'],
    ['plan9', { HOME: '/usr/glenda' }, null, '$home is not defined'],
  ];
  for (const [os, env, want, reason] of rows) {
    it(`${os} ${JSON.stringify(env)} → ${want ?? reason}`, () => {
      const loc = envFileLocation(env, os, go119);
      assert.equal(loc.path, want);
      assert.equal(loc.fromOs, false);
      if (reason) assert.equal(loc.reason, reason);
    });
  }

  it('GOENV from the OS wins, verbatim; GOENV=off means no file', () => {
    assert.deepEqual(envFileLocation({ GOENV: 'rel/env', HOME: '/h' }, 'linux'), { path: 'rel/env', fromOs: true });
    assert.deepEqual(envFileLocation({ GOENV: 'off', HOME: '/h' }, 'linux'), { path: null, fromOs: true, reason: 'GOENV=off' });
    assert.deepEqual(envFileLocation({ GOENV: '', HOME: '/h' }, 'linux'), { path: '/h/.config/go/env', fromOs: false });
    assert.deepEqual(envFileLocation({ goenv: 'C:\\g\\env' }, 'windows'), { path: 'C:\\g\\env', fromOs: true });
    assert.equal(envFileLocation({ goenv: '/x' }, 'linux').path, null, 'names are case-sensitive off Windows');
  });

  it('a relative XDG_CONFIG_HOME is used by go1.19 and rejected since go1.24 (golang/go#68470)', () => {
    assert.deepEqual(userConfigDir({ XDG_CONFIG_HOME: 'rel', HOME: '/h' }, 'linux', go119), { dir: 'rel' });
    assert.deepEqual(userConfigDir({ XDG_CONFIG_HOME: 'rel', HOME: '/h' }, 'linux', go124), { error: 'path in $XDG_CONFIG_HOME is relative' });
    assert.equal(envFileLocation({ XDG_CONFIG_HOME: 'rel' }, 'linux', go119).path, 'rel/go/env');
  });
});

describe('env: go/env file format (cfg.go readEnvFile)', () => {
  it('keeps only lines with "=" that start with A-Z, values verbatim', () => {
    const text = [
      '# GOPROXY=commented',
      'goproxy=lower',
      ' GOPROXY=leading-space',
      'GOPROXY="https://quoted.example"',
      'GOSUMDB=off # not a comment',
      'GOFLAGS=-mod=mod',
      'NOEQUALS',
      '=novalue',
      '',
      'GOPRIVATE=',
      'GONOPROXY= spaced ',
      'GOINSECURE=crlf\r',
    ].join('\n');
    const entries = parseEnvFile(text);
    assert.deepEqual(entries.map((e) => [e.key, e.value, e.line]), [
      ['GOPROXY', '"https://quoted.example"', 4],
      ['GOSUMDB', 'off # not a comment', 5],
      ['GOFLAGS', '-mod=mod', 6],
      ['GOPRIVATE', '', 10],
      ['GONOPROXY', ' spaced ', 11],
      ['GOINSECURE', 'crlf\r', 12],
    ]);
  });

  it('the last line of a key wins; a final line without newline counts', () => {
    const m = envFileMap(parseEnvFile('GOPROXY=a\nGOSUMDB=s\nGOPROXY=b\nGOVCS=last'));
    assert.equal(m.get('GOPROXY')?.value, 'b');
    assert.equal(m.get('GOPROXY')?.line, 3);
    assert.equal(m.get('GOVCS')?.value, 'last');
  });

  it('works on bytes: a key starting with a non-ASCII letter is ignored, UTF-8 values survive', () => {
    const entries = parseEnvFile(Buffer.from('ÄPROXY=x\nGOPRIVATE=例え.jp\n', 'utf8'));
    assert.deepEqual(entries.map((e) => [e.key, e.value]), [['GOPRIVATE', '例え.jp']]);
  });
});

describe('env: Go path helpers (path/filepath)', () => {
  it('Clean as filepath.Clean (Go\'s own tables)', () => {
    const t = JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/env/filepath-clean.json'), 'utf8')) as { unix: Array<[string, string]>; windows: Array<[string, string]> };
    assert.ok(t.unix.length > 30 && t.windows.length > 20);
    for (const [i, o] of t.unix) {
      assert.equal(cleanPath('linux', i), o, i);
      assert.equal(cleanPath('linux', o), o, o);
    }
    // On Windows Go runs both tables, with / turned into \ in the expected results.
    for (const [i, o] of [...t.unix.map(([a, b]) => [a, b.replace(/\//g, '\\')]), ...t.windows]) {
      assert.equal(cleanPath('windows', i), o, i);
      assert.equal(cleanPath('windows', o), o, o);
    }
  });

  it('Join, IsAbs, SplitList', () => {
    assert.equal(joinPath('linux', '/h', 'go'), '/h/go');
    assert.equal(joinPath('linux', '', ''), '');
    assert.equal(joinPath('linux', '/a/', '../b', 'pkg/mod'), '/b/pkg/mod');
    assert.equal(joinPath('windows', 'C:\\Users\\u', 'go'), 'C:\\Users\\u\\go');
    assert.equal(joinPath('windows', 'C:', 'a'), 'C:a');
    assert.ok(isAbsPath('linux', '/x') && !isAbsPath('linux', 'x'));
    assert.ok(isAbsPath('windows', 'C:\\x') && isAbsPath('windows', '\\\\host\\share\\x') && !isAbsPath('windows', 'C:x') && !isAbsPath('windows', '\\x'));
    assert.ok(isAbsPath('plan9', '#c') && isAbsPath('plan9', '/x'));
    assert.deepEqual(splitPathList('linux', ''), []);
    assert.deepEqual(splitPathList('linux', '/a::/b'), ['/a', '', '/b']);
    assert.deepEqual(splitPathList('windows', '"C:\\a;b";D:\\c'), ['C:\\a;b', 'D:\\c']);
  });

  it('reads go versions', () => {
    assert.deepEqual(parseGoVersion('go version go1.19.8 linux/amd64'), { raw: 'go1.19.8', major: 1, minor: 19, patch: 8 });
    assert.deepEqual(parseGoVersion('go1.21rc2'), { raw: 'go1.21rc2', major: 1, minor: 21, patch: 0 });
    assert.equal(parseGoVersion('devel go1.24-abcdef Tue')?.minor, 24);
    assert.equal(parseGoVersion('nothing'), null);
  });
});

describe('env: parseEnvFile takes time linear in the file (issue 15)', function () {
  this.timeout(30000);
  /** Best of three runs, in ms: the least disturbed by other work on the machine. */
  const best = (data: Buffer) => {
    let min = Infinity;
    for (let i = 0; i < 3; i++) {
      const t = process.hrtime.bigint();
      parseEnvFile(data);
      min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e6);
    }
    return min;
  };
  const MiB = 1 << 20;
  // A hard bound on a big input rather than a ratio of small timings: lines without "=" made
  // the old parser search to the end of the file for each line (1 MiB of newlines took 5 s,
  // so 8 MiB would take minutes); one pass over 8 MiB takes tens of milliseconds.
  for (const [name, unit] of [['newlines', '\n'], ['"A" lines without "="', 'A\n'], ['lower-case lines with "="', 'goproxy=x\n']] as const) {
    it(`8 MiB of ${name} in well under a second`, () => {
      const data = Buffer.from(unit.repeat(Math.ceil((8 * MiB) / unit.length)));
      const t = best(data);
      assert.ok(t < 1500, `${t.toFixed(0)} ms`);
      assert.equal(parseEnvFile(data).length, 0);
    });
  }
  it('4 MiB of settings (160,000 entries) in well under a second', () => {
    const data = Buffer.from('GOPROXY=https://p.example\n'.repeat(4 * 40330));
    const t = best(data);
    assert.ok(t < 2000, `${t.toFixed(0)} ms`);
    assert.equal(parseEnvFile(data).length, 4 * 40330);
  });
});
