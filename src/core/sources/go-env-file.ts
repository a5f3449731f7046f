import { SourceText, type ParsedSource } from './source-text';
import { isTracked } from './variables';

/**
 * The go/env file as go reads it (`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:233-266`): lines
 * split on `\n`, used only when the line contains `=` and starts with `A`–`Z`; the value is
 * everything after the first `=`, verbatim (quotes, spaces and a CRLF `\r` included; no
 * comments). The last duplicate wins.
 */
export function parseGoEnvFile(src: SourceText): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const text = src.text;
  let at = 0;
  while (at <= text.length) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(at, end);
    const eq = line.indexOf('=');
    // go reads bytes: a BOM makes the first line start with 0xEF, so go skips that line.
    const bomLine = src.bom && at === 0;
    if (eq > 0 && !bomLine && line.charCodeAt(0) >= 65 && line.charCodeAt(0) <= 90) {
      const key = line.slice(0, eq);
      // Go keeps a CRLF file's `\r` in the value, so the span takes it in too: the value is
      // broken by it, and an edit of the value removes it (that line then ends in LF).
      const value = line.slice(eq + 1);
      const spanEnd = end;
      if (isTracked(key)) {
        const a = src.assignment({ variable: key, value, start: at + eq + 1, end: spanEnd, statementStart: at, statementEnd: spanEnd, scope: { kind: 'go-env-file', level: 'user' } });
        out.assignments.push(a);
      }
    }
    if (nl < 0) break;
    at = nl + 1;
  }
  return out;
}
