import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describeEachGo, goPathEnv } from './go-versions';
import { credentialsOfVariable } from '../../src/core/report/url-credentials';
import { Redactor, MASK } from '../../src/core/report/redact';

/**
 * Where go finds a password, against the real go: url.Parse for URLs with a scheme (userinfo up
 * to the last `@`), http.ProxyFromEnvironment for HTTPS_PROXY (http:// added to a value without
 * a scheme). For every case the redactor knows go's password (learned from the variable) and
 * masks it in text with no learning at all — also where go rejects the URL, since go's parse
 * error quotes it whole.
 */
const PROGRAM = `package main

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
)

func main() {
	var u *url.URL
	var err error
	if os.Args[1] == "proxy" {
		req, _ := http.NewRequest("GET", "https://example.com/", nil)
		u, err = http.ProxyFromEnvironment(req)
	} else {
		u, err = url.Parse(os.Args[2])
	}
	switch {
	case err != nil:
		fmt.Print("error\\t", err)
	case u == nil || u.User == nil:
		fmt.Print("none\\t")
	default:
		if p, ok := u.User.Password(); ok {
			fmt.Print("password\\t", p)
		} else {
			fmt.Print("user\\t", u.User.Username())
		}
	}
}
`;

interface Case { kind: 'url' | 'proxy'; value: string; secret: string }

const CASES: Case[] = [
  { kind: 'url', value: "https://u:pa'SECRETapos@goproxy.example.com/", secret: "pa'SECRETapos" },
  { kind: 'url', value: 'https://u:p@ssSECRETat@goproxy.example.com', secret: 'p@ssSECRETat' },
  { kind: 'url', value: "https://u:SECRET(x);y!$&*+,=~@goproxy.example.com", secret: "SECRET(x);y!$&*+,=~" },
  { kind: 'url', value: 'https://u:SECRET%40enc@goproxy.example.com', secret: 'SECRET@enc' },
  { kind: 'url', value: 'https://TOKENsecret1234@github.com/org/repo', secret: 'TOKENsecret1234' },
  { kind: 'proxy', value: 'u:SECRETbare@127.0.0.1:3128', secret: 'SECRETbare' },
  { kind: 'proxy', value: 'TOKENbare5678@127.0.0.1:3128', secret: 'TOKENbare5678' },
  { kind: 'proxy', value: "u:pa'SECRETq@127.0.0.1:3128", secret: "pa'SECRETq" },
  { kind: 'proxy', value: 'http://u:p@ssSECRETp@127.0.0.1:3128', secret: 'p@ssSECRETp' },
];

describeEachGo('redaction finds the password go uses', (g) => {
  let tmp: string;
  let bin: string;
  before(function () {
    this.timeout(180000);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-userinfo-'));
    fs.writeFileSync(path.join(tmp, 'main.go'), PROGRAM);
    fs.writeFileSync(path.join(tmp, 'go.mod'), 'module example.com/userinfo\n\ngo 1.19\n');
    bin = path.join(tmp, 'userinfo');
    execFileSync(g.bin, ['build', '-o', bin, '.'], {
      cwd: tmp, timeout: 170000,
      env: { PATH: goPathEnv(g), HOME: tmp, GOPATH: path.join(tmp, 'gopath'), GOCACHE: path.join(tmp, 'cache'), GOENV: 'off', GOTOOLCHAIN: 'local', GOFLAGS: '', GOPROXY: 'off' },
    });
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 }));

  for (const c of CASES) {
    it(`${c.kind} ${c.value}`, () => {
      const env = { PATH: '/usr/bin:/bin', ...(c.kind === 'proxy' ? { HTTPS_PROXY: c.value } : {}) };
      const r = spawnSync(bin, [c.kind, c.value], { env, encoding: 'utf8', timeout: 30000 });
      assert.equal(r.status, 0, r.stderr);
      const [what, said] = r.stdout.split('\t');
      if (what === 'error') {
        // go rejects it (go1.19 refuses an @ in a userinfo) and its error quotes the URL.
        assert.ok(said.includes(c.value) || said.includes(JSON.stringify(c.value)), said);
        assert.ok(!new Redactor().redact(said).includes(c.secret), `${said} redacted: ${new Redactor().redact(said)}`);
      } else {
        assert.ok(what === 'password' || what === 'user', r.stdout);
        assert.equal(said, c.secret, `go's ${what}`);
      }
      // Learned from the variable, as go reads it.
      const name = c.kind === 'proxy' ? 'HTTPS_PROXY' : 'GOSUMDB_URL';
      assert.ok(credentialsOfVariable(name, c.value).includes(c.secret), `${name}=${c.value}: ${credentialsOfVariable(name, c.value).join(' ')}`);
      const learned = new Redactor();
      learned.learnFromEnv({ [name]: c.value });
      assert.equal(learned.redact(`seen: ${c.secret} .`), `seen: ${MASK} .`);
      // And in text, with no learning, wherever it has a userinfo's shape (a bare token without
      // a scheme has none: it is masked once learned from its variable, above).
      if (!c.value.startsWith('TOKENbare')) assert.ok(!new Redactor().redact(`${name}=${c.value} failed`).includes(c.secret), new Redactor().redact(`${name}=${c.value}`));
    });
  }
});
