import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../core/report/report';
import { renderMarkdown } from '../core/report/markdown';
import { renderSarif } from '../core/report/sarif';
import { renderCodeQuality } from '../core/report/codequality';
import { renderJunit } from '../core/report/junit';
import { renderHtml } from '../core/report/html';
import { Redactor } from '../core/report/redact';
import { escapeForTerminal, escapeJsonText, escapeTerminal, keepOnLine } from '../core/report/terminal-escape';
import { singleLineData } from '../core/report/text';

export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'codequality', 'junit', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  /** Repo-relative file that findings without a place in the repository point at (SARIF, Code Quality). */
  anchor?: string;
}

/** Files a finding about no file can sensibly point at, best first. */
const ANCHORS = ['go.mod', 'go.work', '.gitlab-ci.yml', 'Dockerfile'];

/**
 * The first of ANCHORS that exists in the diagnosed folder: code-scanning tools need a real
 * file for every result, and go.mod is where the failing downloads come from. None in the
 * folder: undefined, never a file that does not exist.
 */
export function anchorFor(dir: string): string | undefined {
  return ANCHORS.find((f) => existsSync(path.join(dir, f)));
}

/**
 * Machine formats. `text` is rendered by the command itself (it knows the terminal). Each may
 * end up on a terminal (stdout, `cat report.md`): JSON formats write every control character as
 * a `\u` escape (the parsed value is the same), the others show them visibly.
 */
export function renderReport(report: Report, format: Format, options: RenderOptions = {}): string {
  if (format === 'json' || format === 'sarif' || format === 'codequality') return escapeJsonText(renderRaw(report, format, options));
  // Documents read as lines (markdown, HTML, JUnit XML) keep a folder's or file's name on its
  // line. HTML and XML already replace the C0 controls XML cannot carry; markdown shows them.
  if (format === 'html' || format === 'junit') return escapeTerminal(renderRaw(keepOnLine(report, singleLineData(report)), format, options));
  return escapeTerminal(renderRaw(escapeForTerminal(report, singleLineData(report)), format, options));
}

function renderRaw(report: Report, format: Format, options: RenderOptions): string {
  switch (format) {
    case 'json':
      // Redacted again on the way out, like every other format.
      return JSON.stringify(new Redactor().redactDeep(report), null, 2) + '\n';
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(report, { anchor: options.anchor ?? anchorFor(report.dir) });
    case 'codequality':
      return renderCodeQuality(report, { anchor: options.anchor ?? anchorFor(report.dir) });
    case 'junit':
      return renderJunit(report);
    case 'html':
      return renderHtml(report);
    default:
      throw new Error(`no renderer for ${format}`);
  }
}
