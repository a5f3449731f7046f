import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseDocument } from 'yaml';
import { SourceText } from '../../src/core/sources/source-text';
import { parseGitlabCi, resolveGitlabPipeline } from '../../src/core/sources/gitlab-ci';
import { parseGithubWorkflow } from '../../src/core/sources/github-actions';

// The CI recipes of docs/ci.md are parsed by the doctor's own readers, checked for the
// wiring that makes them useful (report files = artifacts = uploads), and every doctor
// command in them is run with the built CLI, offline.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const GO_DIR = ['/usr/lib/go/bin', '/usr/bin'].find((d) => fs.existsSync(path.join(d, 'go'))) ?? '/usr/bin';

function snippet(name: string): string {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'ci.md'), 'utf8');
  const m = doc.match(new RegExp(`<!-- ci-snippet: ${name} -->\\n\`\`\`yaml\\n([\\s\\S]*?)\\n\`\`\`\\n`));
  assert.ok(m, `docs/ci.md has the ${name} snippet`);
  return m[1] + '\n';
}

/** `$DOCTOR …` command lines of a script → their arguments, up to `|| true`. */
function doctorCommands(script: string): string[][] {
  return script.split('\n').map((l) => l.trim().replace(/^- /, '')).filter((l) => l.startsWith('$DOCTOR ')).map((l) => {
    const args = l.slice('$DOCTOR '.length).replace(/\s*\|\|\s*true$/, '').split(/\s+/);
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

let tmp = '';

function runDoctor(args: string[]): { code: number | null; stderr: string } {
  const home = path.join(tmp, 'home');
  const env = { PATH: `${GO_DIR}:/usr/bin:/bin`, HOME: home, GOPATH: path.join(home, 'go'), GOCACHE: path.join(home, 'cache'), GOFLAGS: '-modcacherw', GOTOOLCHAIN: 'local' };
  const r = spawnSync(process.execPath, [CLI, ...args, '--offline'], { cwd: path.join(tmp, 'project'), env, encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { code: r.status, stderr: r.stderr };
}

describe('docs/ci.md: the CI recipes', function () {
  this.timeout(180000);
  before(() => {
    const b = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 120000 });
    assert.equal(b.status, 0, b.stderr);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-cidocs-'));
    fs.mkdirSync(path.join(tmp, 'project'));
    fs.mkdirSync(path.join(tmp, 'home'));
    fs.writeFileSync(path.join(tmp, 'project', 'go.mod'), 'module gitlab.example.com/group/app\n\ngo 1.19\n');
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('GitLab: valid YAML, read by the doctor\'s GitLab CI reader, reports wired to artifacts', () => {
    const text = snippet('gitlab');
    assert.deepEqual(parseDocument(text).errors.map((e) => e.message), []);
    const file = parseGitlabCi(new SourceText('.gitlab-ci.yml', text));
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.jobs.map((j) => j.name), ['go-mod-download', 'go-proxy-doctor']);
    const goprivate = file.globals.get('GOPRIVATE');
    assert.ok(goprivate, 'the reader finds the global GOPRIVATE');
    assert.equal(goprivate.value, 'gitlab.example.com');
    assert.equal(goprivate.range.startLine, text.split('\n').findIndex((l) => l.includes('GOPRIVATE')) + 1);
    const pipeline = resolveGitlabPipeline([file]);
    assert.deepEqual(pipeline.problems, []);
    for (const job of ['go-mod-download', 'go-proxy-doctor']) {
      const ctx = pipeline.contexts.find((c) => c.name === job || c.name.includes(job));
      assert.ok(ctx, `a scope context for job ${job}`);
      assert.equal(ctx.values.GOPRIVATE?.value, 'gitlab.example.com', `job ${job} inherits GOPRIVATE`);
    }

    const ci = parseDocument(text).toJS() as Record<string, any>;
    assert.deepEqual(ci.stages, ['build', 'diagnose']);
    assert.deepEqual(ci['go-mod-download'].script.slice(0, 1), ['go mod download']);
    const job = ci['go-proxy-doctor'];
    assert.equal(job.stage, 'diagnose');
    assert.equal(job.when, 'on_failure', 'runs only when the download failed');
    const out = outputs(doctorCommands((job.script as string[]).join('\n')));
    assert.deepEqual(Object.keys(out).sort(), ['codequality', 'junit', 'markdown']);
    assert.equal(job.artifacts.when, 'always');
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

  it('every doctor command in the recipes runs with the built CLI and writes its report', () => {
    const commands = [
      ...doctorCommands((parseDocument(snippet('gitlab')).toJS()['go-proxy-doctor'].script as string[]).join('\n')),
      ...doctorCommands(String((parseDocument(snippet('github')).toJS().jobs.build.steps as Array<Record<string, any>>).find((s) => String(s.run ?? '').includes('$DOCTOR'))!.run)),
    ];
    assert.equal(commands.length, 5);
    for (const args of commands) {
      const r = runDoctor(args);
      assert.ok(r.code === 0 || r.code === 1, `${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
      const file = path.join(tmp, 'project', args[args.indexOf('--output') + 1]);
      assert.ok(fs.statSync(file).size > 0, `${file} written`);
    }
    assert.equal(JSON.parse(fs.readFileSync(path.join(tmp, 'project', 'go-proxy-doctor.sarif'), 'utf8')).version, '2.1.0');
    assert.ok(Array.isArray(JSON.parse(fs.readFileSync(path.join(tmp, 'project', 'gl-code-quality-report.json'), 'utf8'))));
  });
});
