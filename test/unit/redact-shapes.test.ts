import * as assert from 'node:assert/strict';
import { Redactor, MASK } from '../../src/core/report/redact';
import { netrcPath } from '../../src/core/report/netrc-secrets';
import { escapeForTerminal, escapeJsonText, escapeLine, escapeTerminal } from '../../src/core/report/terminal-escape';

describe('redact: shapes masked without learning', () => {
  const r = new Redactor();
  const cases: Array<[string, string]> = [
    // URL userinfo, as Go's url.URL.Redacted keeps the user name.
    ['GOPROXY=https://alice:pa55word@goproxy.corp/', `GOPROXY=https://alice:${MASK}@goproxy.corp/`],
    ['https://ghtoken123@github.com/org/repo', `https://${MASK}@github.com/org/repo`],
    // Tokens by their shape.
    ['token ghp_abcdefghijklmnopqrstuvwxyz0123456789 here', `token ${MASK} here`],
    ['github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz', MASK],
    ['CI_TOKEN=glpat-abcdefghij0123456789', `CI_TOKEN=${MASK}`],
    ['deploy gldt-abcdefghij0123456789xyz', `deploy ${MASK}`],
    // Authorization header values, any scheme, any case.
    ['Authorization: Bearer eyJhbGciOi.J9.sig', `Authorization: Bearer ${MASK}`],
    ['proxy-authorization: Basic dXNlcjpwYXNz', `proxy-authorization: Basic ${MASK}`],
    ['authorization="token abcdef123456"', `authorization="token ${MASK}"`],
    ['Authorization: abcdef123456', `Authorization: ${MASK}`],
  ];
  for (const [input, expected] of cases) {
    it(expected, () => assert.equal(r.redact(input), expected));
  }
  it('leaves ordinary text alone', () => {
    for (const s of [
      'go: module lookup disabled by GOPROXY=off',
      'GOPROXY=https://proxy.golang.org,direct',
      'the authorization header was missing',
      'glibc-2.36-9+deb12u14',
      'ghp_short',
      `already ${MASK}`,
    ]) assert.equal(r.redact(s), s);
  });
});

describe('redact: learned secrets', () => {
  it('learns credential-named variables from the environment, not settings or short values', () => {
    const r = new Redactor();
    r.learnFromEnv({
      CI_JOB_TOKEN: 'jobtoken-0123456789',
      NPM_TOKEN: 'npmtoken-abcdefgh',
      AWS_SECRET_ACCESS_KEY: 'awssecret/ABCDEFGH',
      DB_PASSWORD: 'correct horse battery',
      USE_TOKEN: 'true',
      GOAUTH: 'netrc-style-setting',
      SSH_AUTH_SOCK: '/run/user/1000/ssh-agent.sock',
      GOPRIVATE: 'gitlab.corp.example/private',
      HTTPS_PROXY: 'http://proxyuser:proxypass99@10.0.0.1:3128',
    });
    assert.equal(r.redact('job jobtoken-0123456789 npm npmtoken-abcdefgh aws awssecret/ABCDEFGH db correct horse battery'), `job ${MASK} npm ${MASK} aws ${MASK} db ${MASK}`);
    assert.equal(r.redact('proxypass99 seen in an error'), `${MASK} seen in an error`);
    assert.equal(r.redact('true netrc-style-setting /run/user/1000/ssh-agent.sock gitlab.corp.example/private'), 'true netrc-style-setting /run/user/1000/ssh-agent.sock gitlab.corp.example/private');
  });

  it('learns .netrc passwords and accounts as go tokenizes the file', () => {
    const r = new Redactor();
    r.learnFromNetrc('machine gitlab.corp.example login gitlab-ci-token password s3cretValue1\n\ndefault login anon password other-Secret2 account acct-Secret3\nmachine x\n  login y\n  password\n');
    assert.equal(r.redact('s3cretValue1 other-Secret2 acct-Secret3 gitlab-ci-token'), `${MASK} ${MASK} ${MASK} gitlab-ci-token`);
  });

  it('finds the .netrc go reads: $NETRC, else ~/.netrc, _netrc on Windows', () => {
    assert.equal(netrcPath({ env: { NETRC: '/etc/netrc-ci' }, homedir: '/home/u', platform: 'linux' }), '/etc/netrc-ci');
    assert.equal(netrcPath({ env: {}, homedir: '/home/u', platform: 'linux' }), '/home/u/.netrc');
    assert.equal(netrcPath({ env: {}, homedir: 'C:\\Users\\u', platform: 'windows' }), 'C:\\Users\\u\\_netrc');
    assert.equal(netrcPath({ env: {}, homedir: null, platform: 'linux' }), null);
  });
});

describe('redact: userinfo as go parses it (go1.26.8 src/net/url/url.go parseAuthority)', () => {
  const r = new Redactor();
  const cases: Array<[string, string]> = [
    // Any character go accepts in a password; the userinfo ends at the LAST @.
    ["https://u:pa'SECRET@host/x", `https://u:${MASK}@host/x`],
    ['https://u:p@ssSECRET@host', `https://u:${MASK}@host`],
    ['https://u:p@ss@SECRET@host/a@b', `https://u:${MASK}@host/a@b`],
    ['Get "https://u:SECRET(x);y!$&*+,=~@host/m/@v/list": EOF', `Get "https://u:${MASK}@host/m/@v/list": EOF`],
    // No scheme: go adds https:// to such a GOPROXY entry, http:// to such an HTTPS_PROXY.
    ['GOPROXY=u:SECRET@proxy:3128,direct', `GOPROXY=u:${MASK}@proxy:3128,direct`],
    ['GOPROXY entry "u:SECRET@proxy.corp:3128" contains credentials', `GOPROXY entry "u:${MASK}@proxy.corp:3128" contains credentials`],
    ["HTTPS_PROXY: u:pa'SECRET@10.0.0.1:3128", `HTTPS_PROXY: u:${MASK}@10.0.0.1:3128`],
    // Secret-named variables written in files.
    ['  CI_DEPLOY_PASSWORD: s3cret value # deploy', `  CI_DEPLOY_PASSWORD: ${MASK} # deploy`],
    ['NPM_TOKEN=npmSECRET', `NPM_TOKEN=${MASK}`],
    ['ARG REGISTRY_TOKEN=regSECRET', `ARG REGISTRY_TOKEN=${MASK}`],
    ['RUN GITHUB_TOKEN=ghSECRET go mod download', `RUN GITHUB_TOKEN=${MASK} go mod download`],
    ['ENV NPM_TOKEN npmSECRET', `ENV NPM_TOKEN ${MASK}`],
    ['  "NPM_TOKEN": "npmSECRET",', `  "NPM_TOKEN": "${MASK}",`],
    ["export DEPLOY_KEY='keySECRET'", `export DEPLOY_KEY='${MASK}'`],
    ['//registry.npmjs.org/:_authToken=npmSECRET', `//registry.npmjs.org/:_authToken=${MASK}`],
    ['machine gitlab.corp login ci password pwSECRET', `machine gitlab.corp login ci password ${MASK}`],
    ['-  password pwSECRET', `-  password ${MASK}`],
  ];
  for (const [input, expected] of cases) it(input, () => assert.equal(r.redact(input), expected));

  it('leaves what only looks alike alone', () => {
    for (const s of [
      'FROM golang:1.22@sha256:0123456789abcdef',
      'go: example.com/m@v1.0.0: reading https://proxy.golang.org/example.com/m/@v/v1.0.0.info: 404 Not Found',
      'git@github.com:org/repo.git',
      'NPM_TOKEN=$CI_NPM_TOKEN',
      'GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      'cache:\n  key: go-mod-cache',
      'PWD=/home/u/project',
      'could not read Password for https://gitlab.corp: terminal prompts disabled',
    ]) assert.equal(r.redact(s), s);
  });

  it('learns the credentials of a variable as go reads it, scheme or not', () => {
    const l = new Redactor();
    l.learnFromEnv({
      GOPROXY: 'bot:goproxySECRET@proxy.corp,https://tok3nSECRET@mirror.corp|direct',
      HTTPS_PROXY: 'httpsTOKENsecret@10.0.0.1:3128',
      all_proxy: 'u:allSECRET1@10.0.0.1:1080',
      GOSUMDB: 'sum.golang.org https://u:sumdbSECRET@sum.corp',
    });
    const text = 'goproxySECRET tok3nSECRET httpsTOKENsecret allSECRET1 sumdbSECRET';
    assert.equal(l.redact(text), [MASK, MASK, MASK, MASK, MASK].join(' '));
  });

  it('takes linear time on long hostile values (1 MB each)', function () {
    this.timeout(60000);
    const l = new Redactor();
    for (const s of ['a.'.repeat(500000), `${'x:y;'.repeat(250000)}@h`, 'password '.repeat(110000), 'machine x password '.repeat(55000), `${'https://'.repeat(125000)}@h`, 'ENV A_TOKEN '.repeat(90000)]) {
      const t0 = Date.now();
      l.redact(s);
      assert.ok(Date.now() - t0 < 4000, `${s.slice(0, 20)}…: ${Date.now() - t0} ms`);
    }
  });

  it('learns secret-named values from a file, so that they are masked wherever else they appear', () => {
    const l = new Redactor();
    l.learnFromFileText('variables:\n  CI_DEPLOY_PASSWORD: deploySECRET1\nFROM golang\nARG REGISTRY_TOKEN=registrySECRET\n');
    assert.equal(l.redact('used deploySECRET1 and registrySECRET'), `used ${MASK} and ${MASK}`);
  });
});

describe('terminal escape', () => {
  it('shows C0, DEL, C1, bidi and separators; keeps tabs, newlines and CRLF line ends', () => {
    assert.equal(escapeTerminal('a\u001b]52;c;SGVsbG8=\u0007b'), 'a\\x1b]52;c;SGVsbG8=\\x07b');
    assert.equal(escapeTerminal('x\u001b[2J\u001b[31my\u007f\u009b2J\u0085'), 'x\\x1b[2J\\x1b[31my\\x7f\\x9b2J\\x85');
    assert.equal(escapeTerminal('over\rwrite'), 'over\\rwrite');
    assert.equal(escapeTerminal('l1\r\nl2\n\tgo.sum: h1:x'), 'l1\r\nl2\n\tgo.sum: h1:x');
    assert.equal(escapeTerminal('a\u2028b\u202ec\u2066d'), 'a\\u2028b\\u202ec\\u2066d');
    assert.equal(escapeLine('evil\nINJECTED ok\r\n'), 'evil\\nINJECTED ok\\r\\n');
  });

  it('keeps one-line data on its line inside messages that quote it', () => {
    const dir = '/tmp/evil\nINJECTED-LINE ok: all checks passed';
    const out = escapeForTerminal({ dir, message: `go.mod not found in ${dir}\n  second line of the message` }, [dir]);
    assert.equal(out.dir, '/tmp/evil\\nINJECTED-LINE ok: all checks passed');
    assert.equal(out.message, 'go.mod not found in /tmp/evil\\nINJECTED-LINE ok: all checks passed\n  second line of the message');
  });

  it('JSON: the characters JSON leaves raw are written as \\u escapes, the value is unchanged', () => {
    const v = { s: 'a\u009b2J\u007f\u2028\u202e\u001b' };
    const text = escapeJsonText(JSON.stringify(v));
    assert.doesNotMatch(text, /[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
    assert.deepEqual(JSON.parse(text), v);
  });
});
