import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SourceText } from '../../src/core/sources/source-text';
import { parseGoEnvFile } from '../../src/core/sources/go-env-file';
import { parseGoMod } from '../../src/core/sources/go-mod';
import { atLeast, describeEachGo, goPathEnv, type GoUnderTest } from '../go/go-versions';

const CORPUS = path.join(__dirname, '..', 'fixtures', 'sources');

/** A hermetic environment for the real go: nothing from this machine's Go setup. */
function goEnv(g: GoUnderTest, tmp: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: goPathEnv(g), HOME: tmp, GOPATH: path.join(tmp, 'gopath'), GOMODCACHE: path.join(tmp, 'gopath', 'pkg', 'mod'),
    GOCACHE: path.join(tmp, 'cache'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local', GOPROXY: 'off', GOSUMDB: 'off', ...extra,
  };
}

describeEachGo('sources agree with the real go', (g) => {
  const GO = g.bin;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-goagree-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const envDir = path.join(CORPUS, 'go-env-file');
  for (const name of fs.readdirSync(envDir).filter((n) => n !== 'expect.json').sort()) {
    it(`go/env file ${name}: the value go env reports is our last assignment`, () => {
      const file = path.join(envDir, name);
      const src = new SourceText(file, fs.readFileSync(file, 'utf8'));
      const ours = new Map<string, string>();
      for (const a of parseGoEnvFile(src).assignments) ours.set(a.variable, a.value);
      // The OS variables are unset here (not empty), so go falls back to the file.
      const env = goEnv(g, tmp, { GOENV: file });
      const keys = ['GOPROXY', 'GOPRIVATE', 'GOSUMDB', 'GOFLAGS', 'GO111MODULE', 'GOINSECURE', 'GONOSUMDB', 'GONOPROXY'];
      for (const k of keys) delete env[k];
      const out = JSON.parse(execFileSync(GO, ['env', '-json', ...keys], { env, encoding: 'utf8', timeout: 20000 })) as Record<string, string>;
      for (const k of keys) {
        if (!ours.has(k)) continue;
        // GONOPROXY/GONOSUMDB print GOPRIVATE when empty (cfg.go:317-319).
        if ((k === 'GONOPROXY' || k === 'GONOSUMDB') && ours.get(k) === '') continue;
        if (k === 'GOPROXY' && ours.get(k) === '') {
          // ≤1.20 an empty value counts as unset: the built-in default (go@1.19.8 cfg.go envOr).
          // 1.21+ the user file is read first and $GOROOT/go.env never overrides a key it has,
          // even an empty one (go1.26.8 src/cmd/go/internal/cfg/cfg.go readEnvFile).
          assert.equal(out[k], atLeast(g, 21) ? '' : 'https://proxy.golang.org,direct', 'an empty value in the file');
          continue;
        }
        if (k === 'GOSUMDB' && ours.get(k) === '') continue;
        assert.equal(out[k], ours.get(k), `${k} in ${name}`);
      }
    });
  }

  const modDir = path.join(CORPUS, 'go-mod');
  for (const name of fs.readdirSync(modDir).filter((n) => n.endsWith('.go.mod')).sort()) {
    it(`go.mod ${name}: module, go version, requires and errors as go mod edit -json sees them`, () => {
      const text = fs.readFileSync(path.join(modDir, name), 'utf8');
      const dir = fs.mkdtempSync(path.join(tmp, 'mod-'));
      fs.writeFileSync(path.join(dir, 'go.mod'), text);
      const r = spawnSync(GO, ['mod', 'edit', '-json'], { cwd: dir, env: goEnv(g, tmp), encoding: 'utf8', timeout: 20000 });
      const ours = parseGoMod(new SourceText(path.join(dir, 'go.mod'), text));
      if (r.status !== 0) {
        // go 1.19 does not know the `toolchain` directive or three-part go versions (Go 1.21+ syntax).
        if (!atLeast(g, 21) && /toolchain|invalid go version/.test(r.stderr)) return;
        assert.ok(ours.errors.length > 0, `go fails (${r.stderr.trim()}), so must we`);
        const line = /go\.mod:(\d+)/.exec(r.stderr);
        if (line) assert.equal(ours.errors[0].location.startLine, Number(line[1]), r.stderr);
        return;
      }
      assert.equal(ours.errors.length, 0, ours.errors.map((e) => e.message).join('; '));
      const j = JSON.parse(r.stdout) as { Module: { Path: string }; Go?: string; Require?: Array<{ Path: string; Version: string; Indirect?: boolean }>; Replace?: unknown[] };
      assert.equal(ours.module, j.Module.Path);
      assert.equal(ours.go?.version, j.Go);
      assert.deepEqual(ours.requires.map((x) => [x.path, x.version, Boolean(x.indirect)]), (j.Require ?? []).map((x) => [x.Path, x.Version, Boolean(x.Indirect)]));
      assert.equal(ours.replaces.length, (j.Replace ?? []).length);
    });
  }
});
