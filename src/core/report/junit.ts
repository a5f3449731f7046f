import type { Report } from './report';
import type { CheckResult, Finding } from '../model/result';
import { LAYERS } from '../model/layers';
import { Redactor } from './redact';
import { xmlAttr, xmlText } from './xml-escape';
import { fixLine } from './text';
import { repoPath } from './repo-path';

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function findingText(f: Finding, root: string): string {
  const where = f.location ? ` ${repoPath(f.location.file, root).path}:${f.location.startLine}:${f.location.startColumn}` : '';
  const lines = [`${f.severity}${where}: ${f.message}`];
  for (const e of f.evidence) lines.push(`  · ${e}`);
  for (const x of f.fixes) lines.push(`  ${fixLine(x).replace(/\n/g, '\n  ')}`);
  return lines.join('\n');
}

function testcase(r: CheckResult, root: string): string {
  const open = `    <testcase classname="${xmlAttr(`go-proxy-doctor.${r.layer}`)}" name="${xmlAttr(`${r.id} ${r.slug}: ${r.title}`)}" time="${seconds(r.durationMs)}"`;
  const body = r.findings.map((f) => findingText(f, root)).join('\n\n');
  const inner: string[] = [];
  if (r.status === 'error') {
    const first = r.findings.find((f) => f.severity === 'error') ?? r.findings[0];
    inner.push(`      <failure type="error" message="${xmlAttr(first?.message ?? 'error')}">${xmlText(`${body}\n\nDocumentation: ${r.docs}`)}</failure>`);
  } else if (r.status === 'crashed') {
    inner.push(`      <failure type="crashed" message="${xmlAttr(r.reason ?? 'crashed')}">${xmlText(`${r.id} crashed: ${r.reason ?? ''}`)}</failure>`);
  } else if (r.status === 'skipped') {
    inner.push(`      <skipped message="${xmlAttr(r.reason ?? 'skipped')}"/>`);
  }
  if (r.status !== 'error' && body) inner.push(`      <system-out>${xmlText(body)}</system-out>`);
  return inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`;
}

/**
 * JUnit XML for CI test widgets: one test suite per layer, one test case per check; a
 * check in error or crashed is a failure, a skipped check is skipped, warnings pass with
 * their findings in system-out.
 */
export function renderJunit(input: Report): string {
  const report = new Redactor().redactDeep(input);
  const order = new Map(LAYERS.map((l, i) => [l.id as string, i]));
  const layers = [...new Set(report.results.map((r) => r.layer))].sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99));
  const failed = (r: CheckResult) => r.status === 'error' || r.status === 'crashed';
  const suites: string[] = [];
  for (const layer of layers) {
    const rs = report.results.filter((r) => r.layer === layer);
    const time = rs.reduce((t, r) => t + r.durationMs, 0);
    suites.push([
      `  <testsuite name="${xmlAttr(`go-proxy-doctor.${layer}`)}" tests="${rs.length}" failures="${rs.filter(failed).length}" errors="0" skipped="${rs.filter((r) => r.status === 'skipped').length}" time="${seconds(time)}" timestamp="${xmlAttr(report.startedAt.replace(/Z$/, ''))}">`,
      '    <properties>',
      `      <property name="go.version" value="${xmlAttr(report.go.version ?? '')}"/>`,
      `      <property name="platform" value="${xmlAttr(report.platform)}"/>`,
      `      <property name="offline" value="${report.offline}"/>`,
      '    </properties>',
      ...rs.map((r) => testcase(r, report.dir)),
      '  </testsuite>',
    ].join('\n'));
  }
  const all = report.results;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="go-proxy-doctor ${xmlAttr(report.tool.version)}" tests="${all.length}" failures="${all.filter(failed).length}" errors="0" skipped="${all.filter((r) => r.status === 'skipped').length}" time="${seconds(report.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
