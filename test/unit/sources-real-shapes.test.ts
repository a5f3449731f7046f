import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/io';
import { runScopeChecks, tempTree } from './scopes-helpers';
import type { Finding } from '../../src/core/model/result';

/** Shapes taken from public repositories' pipelines and Dockerfiles (issue 17). */

const at = (f: Finding) => `${path.basename(f.location?.file ?? '')}:${f.location?.startLine}:${f.location?.startColumn}-${f.location?.endLine}:${f.location?.endColumn}`;

async function cli(argv: string[], cwd: string, home: string): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = {
    stdout: (s) => (out += s), stderr: (s) => (out += s), stdoutIsTTY: false, stderrIsTTY: false, cwd,
    env: {
      PATH: process.env.PATH, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), GOENV: path.join(home, 'goenv'),
      GOPATH: path.join(home, 'go'), GOMODCACHE: path.join(home, 'go', 'pkg', 'mod'), GOCACHE: path.join(home, 'cache'),
      GOTOOLCHAIN: 'local', GOPROXY: 'https://proxy.golang.org,direct', GOSUMDB: 'sum.golang.org',
    },
  };
  return { code: await main(argv, io), out };
}

const GITLAB_TEMPLATES = [
  '# Go pipeline built on shared templates',
  'include:',
  '  - template: Security/SAST.gitlab-ci.yml',
  "  - project: 'platform/ci-templates'",
  '    ref: v3',
  "    file: '/templates/go.gitlab-ci.yml'",
  '  - remote: https://gitlab.example.com/ci/go-cache.yml',
  '  - component: $CI_SERVER_FQDN/components/go/build@1.2',
  '  - local: ci/local.yml',
  'variables:',
  '  GOPROXY: "https://proxy.golang.org,direct"',
  'build:',
  '  extends: .go-build',
  '  script: go build ./...',
  'test:',
  '  extends: [.go-test, .go-cache]',
  '  script: go test ./...',
  'lint:',
  '  extends: .go-build',
  'vet:',
  '  extends: .local-base',
  '',
].join('\n');

describe('sources: real-world shapes (issue 17)', () => {
  describe('GitLab extends of jobs from includes the doctor cannot read', () => {
    const cases: Array<{ name: string; files: Record<string, string>; notes: string[]; errors: RegExp[] }> = [
      {
        name: 'template, project, remote and component includes: one note per include, at the include',
        files: { '.gitlab-ci.yml': GITLAB_TEMPLATES, 'ci/local.yml': '.local-base:\n  variables:\n    GOFLAGS: -mod=mod\n' },
        notes: ['.gitlab-ci.yml:3:15-3:42', '.gitlab-ci.yml:4:14-4:37', '.gitlab-ci.yml:7:13-7:55', '.gitlab-ci.yml:8:16-8:55'],
        errors: [],
      },
      {
        name: 'CRLF, BOM, a URL shorthand in a single include',
        files: { '.gitlab-ci.yml': '\ufeffinclude: "https://gitlab.example.com/ci/go.yml"\r\nbuild:\r\n  extends: .go\r\n' },
        notes: ['.gitlab-ci.yml:1:10-1:48'],
        errors: [],
      },
      {
        name: 'an include in a local include counts too',
        files: { '.gitlab-ci.yml': 'include: ci/a.yml\nbuild:\n  extends: .go\n', 'ci/a.yml': 'include:\n  template: Go.gitlab-ci.yml\n' },
        notes: ['a.yml:2:13-2:29'],
        errors: [],
      },
      {
        name: 'nothing unread: an unknown parent is still an error',
        files: { '.gitlab-ci.yml': 'include:\n  - local: ci/a.yml\nbuild:\n  extends: .go-biuld\n', 'ci/a.yml': '.go-build:\n  script: go build\n' },
        notes: [],
        errors: [/job build extends unknown job \.go-biuld/],
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const t = tempTree(c.files);
        try {
          const { results } = await runScopeChecks(t.dir);
          const fs = results.find((r) => r.id === 'GPD202')!.findings;
          const notes = fs.filter((f) => f.severity === 'info');
          assert.deepEqual(notes.map(at).sort(), [...c.notes].sort());
          for (const n of notes) assert.match(n.message, /is not read \(only local includes are\); jobs? extend/);
          const errors = fs.filter((f) => f.severity === 'error');
          assert.equal(errors.length, c.errors.length, errors.map((e) => e.message).join('\n'));
          c.errors.forEach((re, i) => assert.match(errors[i].message, re));
        } finally {
          t.cleanup();
        }
      });
    }

    it('the notes name every job the files read do not define; the jobs keep the pipeline variables', async () => {
      const t = tempTree({ '.gitlab-ci.yml': GITLAB_TEMPLATES, 'ci/local.yml': '.local-base:\n  variables:\n    GOFLAGS: -mod=mod\n' });
      try {
        const { results, ws } = await runScopeChecks(t.dir);
        const note = results.find((r) => r.id === 'GPD202')!.findings.find((f) => f.severity === 'info')!;
        assert.match(note.message, /jobs \.go-build, \.go-test, \.go-cache defined in none/);
        const vet = ws.contexts!.find((c) => c.kind === 'gitlab-job' && c.name === 'vet')!;
        assert.deepEqual(Object.keys(vet.values).sort(), ['GOFLAGS', 'GOPROXY']);
      } finally {
        t.cleanup();
      }
    });

    it('the pipeline exits 0 under --fail-on error (diagnose) and under scopes', async () => {
      const t = tempTree({ '.gitlab-ci.yml': GITLAB_TEMPLATES, 'ci/local.yml': '.local-base:\n  script: go vet\n' });
      const home = tempTree({ 'goenv': '' });
      try {
        const s = await cli(['scopes', t.dir], '/', home.dir);
        assert.equal(s.code, 0, s.out);
        assert.match(s.out, /include: template: Security\/SAST\.gitlab-ci\.yml is not read/);
        assert.doesNotMatch(s.out, /extends unknown job/);
        const d = await cli(['--offline', '--fail-on', 'error', '--format', 'json'], t.dir, home.dir);
        const report = JSON.parse(d.out) as { results: Array<{ id: string; findings: Finding[] }> };
        const errors = report.results.flatMap((r) => r.findings).filter((f) => f.severity === 'error');
        assert.deepEqual(errors.map((e) => `${e.id} ${e.message}`), []);
        assert.equal(d.code, 0);
      } finally {
        t.cleanup();
        home.cleanup();
      }
    });
  });
});
