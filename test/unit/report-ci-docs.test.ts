import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { SourceText } from '../../src/core/sources/source-text';
import { parseGitlabCi, resolveGitlabPipeline } from '../../src/core/sources/gitlab-ci';
import { parseGithubWorkflow } from '../../src/core/sources/github-actions';
import { DEFAULT_GO } from '../go/go-versions';

// The CI recipes of docs/ci.md are parsed by the doctor's own readers and checked for the
// wiring that makes them useful (report files = artifacts = uploads). Then their shell lines
// run as written, from a copy of the project with no build output (a fresh clone): `npm pack`
// builds the tarball the recipes name, `go mod download` fails against a loopback GOPROXY
// that answers 502, and the doctor writes every report the recipe names.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

function snippet(name: string): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
  const m = doc.match(new RegExp(`<!-- ci-snippet: ${name} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\\n\`\`\`\\n`));
  assert.ok(m, `docs/ci.md has the ${name} snippet`);
  return m[1] + '\n';
}

/**
 * `$DOCTOR …` command lines of a script → their arguments. Each must accept exit 1 (findings)
 * and nothing else: `|| true` would swallow a missing CLI.
 */
function doctorCommands(script: string): string[][] {
  return script.split('\n').map((l) => l.trim().replace(/^- /, '')).filter((l) => l.startsWith('$DOCTOR ')).map((l) => {
    assert.ok(!/\|\|\s*true\b/.test(l), `${l}: || true hides a missing CLI`);
    assert.match(l, /\|\| \[ \$\? -eq 1 \]$/, `${l}: accepts exit 1 only`);
    const args = l.slice('$DOCTOR '.length).replace(/\s*\|\|\s*\[ \$\? -eq 1 \]$/, '').split(/\s+/);
    for (const a of args) assert.match(a, /^[\w.\-/=]+$/, `plain argument: ${a}`);
    return args;
  });
}

function doctorArgsByFormat(args: string[]): Record<string, string> {
  const f = args[args.indexOf('--format') + 1];
  const o = args[args.indexOf('--output') + 1];
  return { [f]: o };
}

function outputs(commands: string[][]): Record<string, string> {
  return Object.assign({}, ...commands.map(doctorArgsByFormat));
}

/** A copy of the project without build output, sharing node_modules: what a fresh clone plus `npm ci` is. */
function copyProject(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const name of fs.readdirSync(ROOT)) {
    if (/^(node_modules|\.git|out|out-.*|dist|\.cache)$/.test(name) || /\.(vsix|tgz)$/.test(name)) continue;
    fs.cpSync(path.join(ROOT, name), path.join(dir, name), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Every artifact location in a SARIF log. */
function artifactLocations(v: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(v)) for (const x of v) artifactLocations(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'artifactLocation' ? out.push(x as Record<string, unknown>) : artifactLocations(x, out));
  return out;
}

describe('docs/ci.md: the CI recipes', function () {
  this.timeout(300000);

  it('GitLab: valid YAML, read by the doctor\'s GitLab CI reader, the doctor in the failing job, reports wired to artifacts', () => {
    const text = snippet('gitlab');
    assert.deepEqual(parseDocument(text).errors.map((e) => e.message), []);
    const file = parseGitlabCi(new SourceText('.gitlab-ci.yml', text));
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.jobs.map((j) => j.name), ['go-mod-download']);
    const goprivate = file.globals.get('GOPRIVATE');
    assert.ok(goprivate, 'the reader finds the global GOPRIVATE');
    assert.equal(goprivate.value, 'gitlab.example.com');
    assert.equal(goprivate.range.startLine, text.split('\n').findIndex((l) => l.includes('GOPRIVATE')) + 1);
    const pipeline = resolveGitlabPipeline([file]);
    assert.deepEqual(pipeline.problems, []);
    const ctx = pipeline.contexts.find((c) => c.name.includes('go-mod-download'));
    assert.equal(ctx?.values.GOPRIVATE?.value, 'gitlab.example.com', 'the job inherits GOPRIVATE');

    const ci = parseDocument(text).toJS() as Record<string, any>;
    const job = ci['go-mod-download'];
    assert.match(job.image, /^golang:/, 'the doctor runs in the image of the go that failed');
    assert.equal(job.variables.DOCTOR, `npx --yes ./go-proxy-doctor-${PKG.version}.tgz`, 'the tarball npm pack makes');
    const script = (job.script as string[]).join('\n');
    assert.match(script, /^go mod download \|\| \{\n/, 'the doctor runs only when the download fails, in the same job');
    const out = outputs(doctorCommands(script));
    assert.deepEqual(Object.keys(out).sort(), ['codequality', 'junit', 'markdown']);
    assert.equal(job.artifacts.when, 'on_failure');
    assert.deepEqual(job.artifacts.paths, [out.markdown]);
    assert.equal(job.artifacts.reports.codequality, out.codequality);
    assert.equal(job.artifacts.reports.junit, out.junit);
  });

  it('GitHub: valid YAML, read by the doctor\'s GitHub Actions reader, SARIF uploaded', () => {
    const text = snippet('github');
    assert.deepEqual(parseDocument(text).errors.map((e) => e.message), []);
    const wf = parseGithubWorkflow(new SourceText('.github/workflows/build.yml', text));
    assert.deepEqual(wf.problems, []);
    const goprivate = wf.assignments.find((a) => a.variable === 'GOPRIVATE');
    assert.ok(goprivate, 'the reader finds GOPRIVATE in the job env');
    assert.equal(goprivate.value, 'github.com/example-org');
    assert.ok(wf.contexts.some((c) => c.values.GOPRIVATE?.value === 'github.com/example-org'), 'a job context carries GOPRIVATE');

    const w = parseDocument(text).toJS() as Record<string, any>;
    assert.equal(w.permissions['security-events'], 'write');
    assert.equal(w.jobs.build.env.DOCTOR, `npx --yes ./go-proxy-doctor-${PKG.version}.tgz`);
    const steps = w.jobs.build.steps as Array<Record<string, any>>;
    const download = steps.findIndex((s) => s.id === 'download');
    assert.ok(download >= 0 && steps[download].run === 'go mod download');
    const after = steps.slice(download + 1);
    assert.ok(after.length >= 3);
    for (const s of after) assert.match(s.if, /failure\(\) && steps\.download\.outcome == 'failure'/, `${s.name} runs only when the download failed`);
    const diagnose = after.find((s) => typeof s.run === 'string' && s.run.includes('$DOCTOR'))!;
    const out = outputs(doctorCommands(diagnose.run));
    assert.deepEqual(Object.keys(out).sort(), ['markdown', 'sarif']);
    assert.match(diagnose.run, new RegExp(`cat ${out.markdown.replace('.', '\\.')} >> "\\$GITHUB_STEP_SUMMARY"`));
    const artifact = after.find((s) => String(s.uses).startsWith('actions/upload-artifact@'))!;
    assert.deepEqual(String(artifact.with.path).trim().split('\n').map((l) => l.trim()).sort(), [out.markdown, out.sarif].sort());
    const sarif = after.find((s) => String(s.uses).startsWith('github/codeql-action/upload-sarif@'))!;
    assert.equal(sarif.with.sarif_file, out.sarif);
  });

  describe('run as written, from a fresh clone, against a GOPROXY that fails', () => {
    let tmp = '';
    let clone = '';
    let tgz = '';
    let server: http.Server;
    let proxy = '';
    const requests: string[] = [];

    before(async () => {
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-cidocs-'));
      clone = copyProject('gpd-cidocs-clone-');
      assert.ok(!fs.existsSync(path.join(clone, 'dist')), 'no build output, as in a fresh clone');
      const p = spawnSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: clone, encoding: 'utf8', timeout: 240000 });
      assert.equal(p.status, 0, p.stderr);
      tgz = path.join(tmp, p.stdout.trim().split('\n').pop()!);
      server = http.createServer((req, res) => {
        requests.push(`${req.method} ${req.headers.host}${req.url}`);
        res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.rmSync(clone, { recursive: true, force: true });
    });

    /** A checkout of a Go project with the packed tarball committed beside go.mod. */
    function project(name: string): string {
      const dir = path.join(tmp, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'go.mod'), 'module example.com/app\n\ngo 1.19\n\nrequire example.com/dep v1.0.0\n');
      fs.copyFileSync(tgz, path.join(dir, path.basename(tgz)));
      return dir;
    }

    /** A runner's environment: the go of the job, the lab GOPROXY, the recipe's variables. */
    function runnerEnv(name: string, vars: Record<string, string>): Record<string, string> {
      const home = path.join(tmp, `home-${name}`);
      fs.mkdirSync(home, { recursive: true });
      return {
        PATH: `${DEFAULT_GO.binDir}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
        HOME: home, GOPATH: path.join(home, 'go'), GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'), GOCACHE: path.join(home, 'cache'),
        GOENV: path.join(home, '.config', 'go', 'env'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local',
        GOPROXY: proxy, GOSUMDB: 'off',
        npm_config_cache: path.join(home, '.npm'), npm_config_offline: 'true', npm_config_update_notifier: 'false',
        ...vars,
      };
    }

    /** GitLab and GitHub run scripts in bash with -e and pipefail. Asynchronous: the lab proxy answers from this process. */
    function bash(script: string, cwd: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
      return new Promise((resolve, reject) => {
        const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, timeout: 240000 });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    }

    function checkCodeQuality(dir: string, file: string): void {
      const issues = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Array<{ location: { path: string } }>;
      assert.ok(issues.length > 0, 'the failure is reported');
      for (const i of issues) {
        assert.ok(!path.isAbsolute(i.location.path), i.location.path);
        assert.ok(fs.existsSync(path.join(dir, i.location.path)), `${i.location.path} is a file of the project`);
      }
    }

    it('GitLab: the job fails, and every report it names is there and valid', async () => {
      const ci = parseDocument(snippet('gitlab')).toJS() as Record<string, any>;
      const job = ci['go-mod-download'];
      const dir = project('gitlab');
      const r = await bash((job.script as string[]).join('\n'), dir, runnerEnv('gitlab', { ...ci.variables, ...job.variables }));
      assert.equal(r.code, 1, `the job fails as the download did: ${r.stderr}`);
      assert.match(r.stderr, /502/, 'go mod download failed against the lab proxy');
      const out = outputs(doctorCommands((job.script as string[]).join('\n')));
      const md = fs.readFileSync(path.join(dir, out.markdown), 'utf8');
      assert.match(md, /502/, 'the report explains the failure');
      assert.ok(r.stdout.includes(md.trim().split('\n')[0]), 'the log shows the report');
      checkCodeQuality(dir, out.codequality);
      assert.match(fs.readFileSync(path.join(dir, out.junit), 'utf8'), /^<\?xml[^\n]*\n<testsuites\b/);
      for (const f of [...job.artifacts.paths, ...Object.values(job.artifacts.reports) as string[]]) assert.ok(fs.existsSync(path.join(dir, f)), `${f} exists`);
      assert.ok(requests.length > 0 && requests.every((x) => x.includes(proxy.slice('http://'.length))), 'only the lab proxy was asked');
    });

    it('GitLab: a DOCTOR that does not run fails the job without pretending to have reports', async () => {
      const ci = parseDocument(snippet('gitlab')).toJS() as Record<string, any>;
      const job = ci['go-mod-download'];
      const dir = project('gitlab-missing');
      const r = await bash((job.script as string[]).join('\n'), dir, runnerEnv('gitlab-missing', { ...ci.variables, ...job.variables, DOCTOR: 'npx --yes ./go-proxy-doctor-0.0.0-missing.tgz' }));
      assert.notEqual(r.code, 0);
      assert.ok(!fs.existsSync(path.join(dir, 'gl-code-quality-report.json')), 'it stops at the first doctor that does not run');
      assert.ok(r.stderr.length > 0, 'and says why');
    });

    it('GitHub: the download step fails, the diagnose step writes SARIF with project-relative files and the job summary', async () => {
      const w = parseDocument(snippet('github')).toJS() as Record<string, any>;
      const steps = w.jobs.build.steps as Array<Record<string, any>>;
      const dir = project('github');
      const summary = path.join(tmp, 'step-summary.md');
      fs.writeFileSync(summary, '');
      const env = runnerEnv('github', { ...w.jobs.build.env, GITHUB_STEP_SUMMARY: summary });
      const download = await bash(steps.find((s) => s.id === 'download')!.run, dir, env);
      assert.notEqual(download.code, 0, 'the download step fails');
      const diagnose = steps.find((s) => typeof s.run === 'string' && s.run.includes('$DOCTOR'))!;
      const r = await bash(diagnose.run, dir, env);
      assert.equal(r.code, 0, r.stderr);
      const out = outputs(doctorCommands(diagnose.run));
      assert.match(fs.readFileSync(summary, 'utf8'), /502/);
      const log = JSON.parse(fs.readFileSync(path.join(dir, out.sarif), 'utf8'));
      assert.equal(log.version, '2.1.0');
      assert.ok(log.runs[0].results.length > 0);
      const locs = artifactLocations(log.runs[0].results);
      assert.ok(locs.length > 0);
      for (const l of locs) {
        assert.equal(l.uriBaseId, '%SRCROOT%', JSON.stringify(l));
        assert.ok(fs.existsSync(path.join(dir, decodeURIComponent(String(l.uri)))), `${l.uri} is a file of the project`);
      }
    });
  });
});
