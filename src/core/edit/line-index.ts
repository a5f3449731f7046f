/**
 * Offsets ↔ positions in a decoded text. Lines end at `\n` (a `\r` before it belongs to the
 * line break, so CRLF files get the same columns as LF ones). Columns are 1-based UTF-16
 * code units, as VS Code counts them; the text is the file without its BOM, as editors show it.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based line and column of `offset` (clamped to the text). */
  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo] + 1 };
  }

  /** Offset of a 1-based position, or -1 when the position is outside the text. */
  offset(line: number, column: number): number {
    if (line < 1 || line > this.starts.length || column < 1) return -1;
    const start = this.starts[line - 1];
    const end = line < this.starts.length ? this.starts[line] : this.text.length + 1;
    const o = start + column - 1;
    return o < end ? o : -1;
  }

  /** Offset where line `line` (1-based) starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }

  /** Offset just before the line break of line `line` (before `\r\n` or `\n`). */
  lineEnd(line: number): number {
    const next = line < this.starts.length ? this.starts[line] - 1 : this.text.length;
    return next > 0 && this.text.charCodeAt(next - 1) === 13 && next - 1 >= this.lineStart(line) ? next - 1 : next;
  }

  /** The line's text without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** `\r\n` when the text's first line break is CRLF, else `\n`. */
  get eol(): string {
    const i = this.text.indexOf('\n');
    return i > 0 && this.text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
  }
}
