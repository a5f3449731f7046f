import * as assert from 'node:assert/strict';
import { parseNetrc, readNetrc } from '../../src/core/parse/netrc';
import { goauthFatal, parseGoauth } from '../../src/core/parse/goauth';
import { credentialsFor, netrcLocation } from '../../src/core/checks/environment/goauth';
import { parseGoURL } from '../../src/core/parse/go-url';

// go@1.26.8 src/cmd/go/internal/auth/netrc_test.go (the same file in go1.19.8 and go1.27.3).
const GO_TEST_NETRC = `
machine incomplete
password none

machine api.github.com
  login user
  password pwd

machine incomlete.host
  login justlogin

machine test.host
login user2
password pwd2

machine oneline login user3 password pwd3

machine ignore.host macdef ignore
  login nobody
  password nothing

machine hasmacro.too macdef ignore-next-lines login user4 password pwd4
  login nobody
  password nothing

default
login anonymous
password gopher@golang.org

machine after.default
login oops
password too-late-in-file
`;

describe('parse: .netrc as go reads it', () => {
  it("go's own TestParseNetrc", () => {
    assert.deepEqual(parseNetrc(GO_TEST_NETRC).map((e) => [e.machine, e.login, e.password]), [
      ['api.github.com', 'user', 'pwd'], ['test.host', 'user2', 'pwd2'], ['oneline', 'user3', 'pwd3'], ['hasmacro.too', 'user4', 'pwd4'],
    ]);
  });
  it('lines of the machine tokens, and the machines go passes over (never those after default)', () => {
    const r = readNetrc(GO_TEST_NETRC);
    assert.deepEqual(r.entries.map((e) => e.line), [5, 12, 16, 22]);
    assert.deepEqual(r.incomplete, [{ machine: 'incomplete', line: 2 }, { machine: 'incomlete.host', line: 9 }, { machine: 'ignore.host', line: 18 }]);
  });
});

describe('parse: GOAUTH as go1.26.8 / go1.27.3 read it (auth.go runGoAuth)', () => {
  const abs = (p: string) => p.startsWith('/');
  const rows: Array<[string, string | undefined, string[]]> = [
    ['', undefined, ['netrc']],
    ['netrc', undefined, ['netrc']],
    ['  netrc  ', undefined, ['netrc']],
    ['off', undefined, ['off']],
    ['netrc;off', 'go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=netrc;off)', ['netrc', 'off']],
    ['netrc;', 'go: GOAUTH encountered an empty command (GOAUTH=netrc;)', ['netrc', 'empty']],
    [';netrc', 'go: GOAUTH encountered an empty command (GOAUTH=;netrc)', ['empty', 'netrc']],
    ['git', 'go: GOAUTH=git dir method requires an absolute path to the git working directory', ['git']],
    ['git a b', 'go: GOAUTH=git dir method requires an absolute path to the git working directory', ['git']],
    ['git rel', 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute', ['git']],
    ['git /abs', undefined, ['git']],
    ['git rel;off', 'go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=git rel;off)', ['git', 'off']],
    ['off;git rel', 'go: GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute', ['off', 'git']],
    ['NETRC', undefined, ['command']],
    ['/usr/local/bin/goauth-helper --flag;netrc', undefined, ['command', 'netrc']],
  ];
  for (const [value, fatal, kinds] of rows) {
    it(`GOAUTH=${JSON.stringify(value)}`, () => {
      const p = parseGoauth(value, abs);
      assert.deepEqual(p.commands.map((c) => c.kind), kinds);
      assert.equal(goauthFatal(p.commands)?.error, fatal);
    });
  }
});

describe('GPD108: which netrc entry go sends, per release', () => {
  const netrc = parseNetrc('machine goproxy.corp.example login a password b\nmachine goproxy.corp.example:8443 login c password d\nmachine goproxy.corp.example:8443/team login e password f\n');
  const plan = (url: string, modern: boolean, goauth = '') => {
    const c = credentialsFor(parseGoURL(url), modern, modern ? parseGoauth(goauth, (p) => p.startsWith('/')) : null, netrc);
    return `${c.sends}${c.netrc ? `:${c.netrc.line}` : ''}`;
  };
  const rows: Array<[string, string, string, string]> = [
    // url, GOAUTH, before Go 1.24, Go 1.24+
    ['https://goproxy.corp.example', '', 'netrc:1', 'netrc:1'],
    ['https://goproxy.corp.example:8443', '', 'netrc:1', 'netrc:2'],
    ['https://goproxy.corp.example:8443/team/sub', '', 'netrc:1', 'netrc:3'],
    ['https://goproxy.corp.example:443', '', 'netrc:1', 'none'],
    ['https://u:p@goproxy.corp.example', '', 'netrc:1', 'url-userinfo'],
    ['https://goproxy.corp.example', 'off', 'netrc:1', 'none'],
    ['https://u:p@goproxy.corp.example', 'off', 'netrc:1', 'url-userinfo'],
    ['https://other.example', '', 'none', 'none'],
    ['http://goproxy.corp.example', '', 'none', 'none'],
  ];
  for (const [url, goauth, before, after] of rows) {
    it(`${url} GOAUTH=${goauth || '(default)'}: ${before} before Go 1.24, ${after} since`, () => {
      assert.equal(plan(url, false), before);
      assert.equal(plan(url, true, goauth), after);
    });
  }
  it('where go looks for .netrc', () => {
    assert.deepEqual(netrcLocation({ NETRC: '/x/n', HOME: '/h' }, 'linux', true, () => false), { path: '/x/n' });
    assert.deepEqual(netrcLocation({ HOME: '/h' }, 'linux', true, () => false), { path: '/h/.netrc' });
    assert.deepEqual(netrcLocation({}, 'linux', true, () => false), { path: null, error: '$HOME is not defined' });
    assert.deepEqual(netrcLocation({ USERPROFILE: 'C:\\Users\\me' }, 'windows', false, () => false), { path: 'C:\\Users\\me\\_netrc' });
    assert.deepEqual(netrcLocation({ USERPROFILE: 'C:\\Users\\me' }, 'windows', true, () => false), { path: 'C:\\Users\\me\\.netrc' });
    assert.deepEqual(netrcLocation({ USERPROFILE: 'C:\\Users\\me' }, 'windows', true, () => true), { path: 'C:\\Users\\me\\_netrc' });
  });
});
