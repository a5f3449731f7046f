import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Report } from '../../src/core/report/report';
import { renderMarkdown } from '../../src/core/report/markdown';
import { renderSarif } from '../../src/core/report/sarif';
import { renderCodeQuality, type CodeQualityIssue } from '../../src/core/report/codequality';
import { renderJunit } from '../../src/core/report/junit';
import { normalizeMessage } from '../../src/core/report/fingerprint';
import { renderReport, FORMATS } from '../../src/cli/formats';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'report');
// The source folder, so that GPD_UPDATE_GOLDEN=1 rewrites the checked-in files.
const SOURCE_FIXTURES = path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'report');

function sample(): Report {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sample-report.json'), 'utf8')) as Report;
}

function golden(name: string, actual: string): void {
  if (process.env.GPD_UPDATE_GOLDEN) {
    fs.writeFileSync(path.join(SOURCE_FIXTURES, 'golden', name), actual);
    return;
  }
  const expected = fs.readFileSync(path.join(FIXTURES, 'golden', name), 'utf8');
  assert.equal(actual, expected, `${name} differs from the golden file (GPD_UPDATE_GOLDEN=1 rewrites it)`);
}

function sarifValidators() {
  // unicodeRegExp off: the schema's language pattern has a stray ']' that only non-unicode regexps accept.
  const official = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(official);
  const draft07 = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(draft07);
  return [
    official.compile(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif-schema-2.1.0.json'), 'utf8'))),
    draft07.compile(JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif-schema-2.1.0.draft-07.json'), 'utf8'))),
  ];
}

/** Every secret planted in sample-report.json. */
const PLANTED = ['s3cr3t-canary', 'glpat-abcdefghijklmnopqrst', 'abc123tokenvalue'];

describe('report formats: golden files from a fixed report', () => {
  it('markdown', () => golden('sample.md', renderMarkdown(sample())));
  it('sarif', () => golden('sample.sarif', renderSarif(sample(), { anchor: 'go.mod' })));
  it('codequality', () => golden('sample.codequality.json', renderCodeQuality(sample(), { anchor: 'go.mod' })));
  it('junit', () => golden('sample.junit.xml', renderJunit(sample())));

  it('every format redacts credentials even from a report that skipped the redactor', () => {
    for (const format of FORMATS.filter((f) => f !== 'text' && f !== 'json')) {
      const out = renderReport(sample(), format, { anchor: 'go.mod' });
      for (const secret of PLANTED) assert.ok(!out.includes(secret), `${format} output carries a planted secret`);
      assert.match(out, /https:\/\/ci:xxxxx@goproxy\.corp\.example/, `${format} keeps the user name and masks the token`);
      if (format === 'markdown' || format === 'sarif') assert.match(out, /alice:xxxxx@goproxy\.corp\.example/, `${format} masks the environment too`);
    }
  });
});

describe('report formats: markdown', () => {
  const md = renderMarkdown(sample());
  it('has versions, the environment with sources and shadows, findings, fixes, timings and the chain walk', () => {
    assert.match(md, /\| tool \| `go-proxy-doctor 0\.1\.0` \|/);
    assert.match(md, /\| go \| `go1\.19\.8` \(`\/usr\/bin\/go`\) \|/);
    assert.match(md, /\| `GOPROXY` \| `https:\/\/alice:xxxxx@goproxy\.corp\.example\/,direct` \| os \| `https:\/\/proxy\.golang\.org,direct` \(go-env-file\) \|/);
    assert.match(md, /\| `GOFLAGS` \| \*\(unset\)\* \| default \|/);
    assert.match(md, /\| `GONOPROXY` \| `gitlab\.corp\.example` \| go-env-file, from `GONOSUMDB` \|/);
    assert.match(md, /\n  - \*\*fix\*\*: Use the default checksum database\n    ```sh\n    go env -w GOSUMDB=sum\.golang\.org\n    ```\n/);
    assert.match(md, /\*\*fix \(weakens security\)\*\*: Turn verification off/);
    assert.match(md, /\| ✗ \| \[GPD501\]\([^)]+\) \| TLS chain trusted \| tls \| crashed: did not finish within its time limit of 5 s \| 5\.0 s \|/);
    assert.match(md, /\*\*golang\.org\/x\/text@v0\.3\.7\*\* — go gets it from `direct` \(not verified: the git fetch that follows\)/);
    assert.match(md, /\| 1 \| `https:\/\/alice:xxxxx@goproxy\.corp\.example\/` \| info \| not-found \| 404 \| 120 ms \| yes \| `reading https:\/\/goproxy\.corp\.example\/golang\.org\/x\/text\/@v\/v0\.3\.7\.info: 404 Not Found` \|/);
    assert.match(md, /\| 2 \| `direct` \| info \| ok \|  \| 640 ms \| no \| `go-get=1 lookup only \\\| VCS fetch not run` \|/);
  });
  it('makes markup in messages literal and keeps fences unbreakable', () => {
    assert.ok(!md.includes('<script>'), 'raw HTML would render in an issue tracker');
    assert.match(md, /\\<script\\>/);
    assert.match(md, /  - evidence:\n    ```\n    line one\n    line two with ``` fence\n    ```\n/);
    assert.match(renderMarkdown({ ...sample(), results: [{ ...sample().results[1], findings: [{ ...sample().results[1].findings[0], evidence: ['a\n```\nb'] }] }] }), /    ````\n    a\n    ```\n    b\n    ````/, 'a fence inside evidence gets a longer fence');
    assert.ok(!md.includes('\u0007'), 'control characters are replaced');
  });
});

describe('report formats: SARIF 2.1.0', () => {
  const [official, draft07] = sarifValidators();
  it('is valid against the OASIS schema (and its draft-07 form)', () => {
    const log = JSON.parse(renderSarif(sample()));
    assert.ok(official(log), JSON.stringify(official.errors, null, 2));
    assert.ok(draft07(log), JSON.stringify(draft07.errors, null, 2));
  });
  it('the validator rejects a broken log (so the check above can fail)', () => {
    const log = JSON.parse(renderSarif(sample()));
    log.runs[0].results[0].level = 'fatal';
    delete log.runs[0].tool.driver.name;
    assert.equal(official(log), false);
    assert.equal(draft07(log), false);
  });
  it('has repo-relative locations, rules with help links, results only for findings, a location for every result', () => {
    const log = JSON.parse(renderSarif(sample(), { anchor: 'go.mod' }));
    const run = log.runs[0];
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/project/' } });
    assert.equal(run.tool.driver.rules.length, 6);
    for (const r of run.tool.driver.rules) assert.match(r.helpUri, /docs\/checks\.md#gpd\d{3}-/);
    assert.equal(run.results.length, 4, 'one result per finding, none for ok/skipped/crashed checks');
    for (const r of run.results) {
      assert.ok(r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, `${r.ruleId} has a physical location`);
      assert.equal(run.tool.driver.rules[r.ruleIndex].id, r.ruleId);
    }
    const ci = run.results.find((r: { ruleId: string; level: string }) => r.ruleId === 'GPD202' && r.level === 'warning');
    assert.deepEqual(ci.locations[0].physicalLocation, {
      artifactLocation: { uri: '.gitlab-ci.yml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 7, startColumn: 14, endLine: 7, endColumn: 62 },
    });
    assert.equal(ci.relatedLocations[0].physicalLocation, undefined, 'a file outside the repository gets no location');
    assert.match(ci.relatedLocations[0].message.text, /\(in \/home\/dev\/\.config\/go\/env:\d+:\d+, outside the repository\)$/);
    assert.equal(ci.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'https://goproxy.corp.example');
    const env = run.results.find((r: { ruleId: string }) => r.ruleId === 'GPD111');
    assert.equal(env.locations[0].physicalLocation.artifactLocation.uri, 'go.mod');
    assert.deepEqual(env.locations[0].logicalLocations, [{ name: 'GOSUMDB', kind: 'variable' }]);
    assert.equal(run.invocations[0].executionSuccessful, false);
    assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /GPD501 .* crashed: did not finish/);
  });
});

/** Every artifact location of a SARIF log, wherever it sits. */
function artifactLocations(v: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(v)) for (const x of v) artifactLocations(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'artifactLocation') out.push(x as Record<string, unknown>);
      else artifactLocations(x, out);
    }
  }
  return out;
}

/** The sample with its GitLab CI finding moved to the user's go/env file, outside the repository. */
function outsideSample(): Report {
  const r = sample();
  const ci = r.results.find((x) => x.id === 'GPD202')!;
  const f = ci.findings[0];
  f.location = { ...f.location!, file: '/home/dev/.config/go/env', startLine: 3, startColumn: 9 };
  for (const x of f.fixes) for (const e of x.edits ?? []) e.file = '/home/dev/.config/go/env';
  return r;
}

describe('report formats: findings outside the repository, folders without an anchor', () => {
  const [official] = sarifValidators();
  it('SARIF: no absolute path, no file: URI; the outside file is named in the message, the result anchored', () => {
    const log = JSON.parse(renderSarif(outsideSample(), { anchor: 'go.mod' })) as Record<string, any>;
    assert.ok(official(log), JSON.stringify(official.errors, null, 2));
    const locs = artifactLocations(log.runs[0].results);
    assert.ok(locs.length > 0);
    for (const l of locs) {
      assert.equal(l.uriBaseId, '%SRCROOT%', JSON.stringify(l));
      assert.ok(!/^(file:|\/|[A-Za-z]:)/.test(String(l.uri)), JSON.stringify(l));
    }
    const r = log.runs[0].results.find((x: { ruleId: string; message: { text: string } }) => x.ruleId === 'GPD202' && /outside/.test(x.message.text));
    assert.ok(r, 'the outside finding is still a result');
    assert.match(r.message.text, /\(in \/home\/dev\/\.config\/go\/env:3:9, outside the repository\)$/);
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'go.mod');
    assert.equal(r.fixes, undefined, 'no artifact change for a file CI tools cannot name');
  });
  it('Code Quality: every path repo-relative; the outside file is named in the description', () => {
    const list = JSON.parse(renderCodeQuality(outsideSample(), { anchor: 'go.mod' })) as CodeQualityIssue[];
    assert.equal(list.length, 4);
    for (const i of list) assert.ok(!/^(\/|[A-Za-z]:)/.test(i.location.path), i.location.path);
    const i = list.find((x) => /outside the repository/.test(x.description))!;
    assert.deepEqual(i.location, { path: 'go.mod', lines: { begin: 1 } });
    assert.match(i.description, /\/home\/dev\/\.config\/go\/env:3:9/);
  });
  it('a folder with no go.mod, CI file or located finding: nothing points at a file that does not exist', () => {
    const r = sample();
    for (const c of r.results) for (const f of c.findings) delete f.location;
    for (const c of r.results) for (const f of c.findings) for (const x of f.fixes) delete x.edits;
    const log = JSON.parse(renderSarif(r)) as Record<string, any>;
    assert.ok(official(log), JSON.stringify(official.errors, null, 2));
    assert.deepEqual(artifactLocations(log.runs[0].results), [], 'no location names a file');
    assert.equal(log.runs[0].results.length, 4, 'every finding is still a result');
    const env = log.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'GPD111');
    assert.deepEqual(env.locations, [{ logicalLocations: [{ name: 'GOSUMDB', kind: 'variable' }] }]);
    assert.deepEqual(JSON.parse(renderCodeQuality(r)), [], 'GitLab needs a repository file: such findings stay in the other reports');
  });
});

describe('report formats: GitLab Code Quality', () => {
  const issues = (r: Report) => JSON.parse(renderCodeQuality(r, { anchor: 'go.mod' })) as CodeQualityIssue[];
  it('has the fields GitLab reads, mapped severities and repo-relative paths', () => {
    const list = issues(sample());
    assert.equal(list.length, 4);
    for (const i of list) {
      assert.deepEqual(Object.keys(i).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.match(i.fingerprint, /^[0-9a-f]{64}$/);
      assert.ok(i.location.path && !i.location.path.startsWith('/'), i.location.path);
      assert.ok(i.location.lines.begin >= 1);
    }
    assert.deepEqual(list.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin]), [
      ['GPD111-gosumdb-syntax', 'critical', 'go.mod', 1],
      ['GPD202-gitlab-ci', 'minor', '.gitlab-ci.yml', 7],
      ['GPD202-gitlab-ci', 'info', '.gitlab-ci.yml', 15],
      ['GPD602-chain-walk', 'minor', 'go.mod', 1],
    ]);
    assert.equal(new Set(list.map((i) => i.fingerprint)).size, list.length, 'fingerprints are unique');
  });
  it('fingerprints survive another run: other timings, start time, checkout folder and line numbers', () => {
    const a = issues(sample());
    const other = sample();
    other.startedAt = '2026-12-01T08:00:00.000Z';
    other.durationMs = 99;
    other.dir = '/builds/group/project';
    const walk = other.results.find((r) => r.id === 'GPD602')!;
    walk.findings[0].message = walk.findings[0].message.replace('120 ms', '4.5 s');
    const ci = other.results.find((r) => r.id === 'GPD202')!;
    ci.findings[0].message = ci.findings[0].message.replace('1532 ms', '17 ms');
    ci.findings[0].location = { ...ci.findings[0].location!, file: '/builds/group/project/.gitlab-ci.yml', startLine: 9, endLine: 9 };
    assert.deepEqual(issues(other).map((i) => i.fingerprint), a.map((i) => i.fingerprint));
  });
  it('a different finding gets a different fingerprint', () => {
    const a = issues(sample());
    const other = sample();
    other.results.find((r) => r.id === 'GPD111')!.findings[0].message = 'go rejects GOSUMDB=on';
    assert.notEqual(issues(other)[0].fingerprint, a[0].fingerprint);
    assert.deepEqual(issues(other).slice(1).map((i) => i.fingerprint), a.slice(1).map((i) => i.fingerprint));
  });
  it('normalizes durations and timestamps only', () => {
    assert.equal(normalizeMessage('Took 120 ms,  then 4.5 s at 2026-11-26T10:00:00Z'), 'took <duration>, then <duration> at <time>');
    assert.equal(normalizeMessage('3 sources, 2 modules'), '3 sources, 2 modules');
  });
});

describe('report formats: JUnit XML', () => {
  const xml = renderJunit(sample());
  it('is well-formed XML (xmllint) despite markup and control characters in messages', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-junit-'));
    try {
      const file = path.join(dir, 'report.xml');
      fs.writeFileSync(file, xml);
      const r = spawnSync('xmllint', ['--noout', file], { encoding: 'utf8', timeout: 20000 });
      assert.equal(r.error, undefined, 'xmllint runs (libxml2-utils, installed by scripts/setup-test-deps.sh)');
      assert.equal(r.status, 0, r.stderr);
      // And the same tool rejects broken XML, so the assertion above can fail.
      fs.writeFileSync(file, xml.replace('&lt;script&gt;', '<script>'));
      assert.notEqual(spawnSync('xmllint', ['--noout', file], { encoding: 'utf8', timeout: 20000 }).status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('has one test case per check: failure for error and crashed, skipped for skipped', () => {
    assert.equal((xml.match(/<testcase /g) ?? []).length, 6);
    assert.match(xml, /<testsuites name="go-proxy-doctor 0\.1\.0" tests="6" failures="2" errors="0" skipped="1"/);
    assert.match(xml, /name="GPD111 gosumdb-syntax: GOSUMDB syntax" time="0\.002">\n\s+<failure type="error" message="go will stop every download with &quot;verifying module: invalid GOSUMDB: malformed verifier id&quot; &lt;script&gt;alert\(&apos;x&apos;\)&lt;\/script&gt; &amp; more \| pipes `ticks`\uFFFD">/);
    assert.match(xml, /name="GPD501 tls-unknown-authority: TLS chain trusted" time="5\.000">\n\s+<failure type="crashed" message="did not finish within its time limit of 5 s">/);
    assert.match(xml, /name="GPD301 dns-failure: [^"]*" time="0\.000">\n\s+<skipped message="offline: network checks are not run"\/>/);
    assert.match(xml, /name="GPD101 goproxy-syntax: GOPROXY syntax" time="0\.001"\/>/);
    assert.match(xml, /name="GPD602 chain-walk: [^"]*" time="0\.820">\n\s+<system-out>warning: golang\.org/);
  });
});
