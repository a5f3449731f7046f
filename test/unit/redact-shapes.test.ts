import * as assert from 'node:assert/strict';
import { Redactor, MASK } from '../../src/core/report/redact';
import { netrcPath } from '../../src/core/report/netrc-secrets';

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
