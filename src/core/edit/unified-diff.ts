/**
 * A unified diff (as `diff -u` / `git diff` print it) between two versions of a file.
 * Lines keep their own terminators, so a CRLF file shows CRLF lines; a last line without a
 * newline gets git's "\ No newline at end of file" marker.
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string, context = 3): string {
  if (oldText === newText) return '';
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const ops = diffLines(a, b);
  const hunks = groupHunks(ops, context);
  let out = `--- ${oldName}\n+++ ${newName}\n`;
  for (const h of hunks) {
    out += `@@ -${range(h.aStart, h.aLen)} +${range(h.bStart, h.bLen)} @@\n`;
    for (const op of h.ops) {
      const line = op.kind === 'del' ? a[op.a] : op.kind === 'add' ? b[op.b] : a[op.a];
      const prefix = op.kind === 'del' ? '-' : op.kind === 'add' ? '+' : ' ';
      out += prefix + line;
      if (!line.endsWith('\n')) out += '\n\\ No newline at end of file\n';
    }
  }
  return out;
}

function range(start: number, len: number): string {
  // diff prints the line before an empty range (0 for the very start).
  const first = len === 0 ? start : start + 1;
  return len === 1 ? `${first}` : `${first},${len}`;
}

export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let at = 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      lines.push(text.slice(at));
      break;
    }
    lines.push(text.slice(at, nl + 1));
    at = nl + 1;
  }
  return lines;
}

type Op = { kind: 'same' | 'del' | 'add'; a: number; b: number };

/** Line diff: common prefix and suffix, then an LCS of the middle (small for our edits). */
function diffLines(a: string[], b: string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ops: Op[] = [];
  for (let i = 0; i < pre; i++) ops.push({ kind: 'same', a: i, b: i });
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  if (am.length * bm.length <= 4_000_000) {
    const n = am.length;
    const m = bm.length;
    const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && am[i] === bm[j]) {
        ops.push({ kind: 'same', a: pre + i++, b: pre + j++ });
      } else if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        ops.push({ kind: 'add', a: pre + i, b: pre + j++ });
      } else {
        ops.push({ kind: 'del', a: pre + i++, b: pre + j });
      }
    }
    // Show deletions before additions within a change, as diff does.
    for (let k = 1; k < ops.length; k++) {
      if (ops[k].kind === 'del' && ops[k - 1].kind === 'add') {
        let s = k - 1;
        while (s > 0 && ops[s - 1].kind === 'add') s--;
        const del = ops.splice(k, 1)[0];
        ops.splice(s, 0, del);
      }
    }
  } else {
    for (let i = 0; i < am.length; i++) ops.push({ kind: 'del', a: pre + i, b: pre });
    for (let j = 0; j < bm.length; j++) ops.push({ kind: 'add', a: pre + am.length, b: pre + j });
  }
  for (let k = 0; k < suf; k++) ops.push({ kind: 'same', a: a.length - suf + k, b: b.length - suf + k });
  return ops;
}

interface Hunk { aStart: number; aLen: number; bStart: number; bLen: number; ops: Op[] }

function groupHunks(ops: Op[], context: number): Hunk[] {
  const changed = ops.map((o, i) => (o.kind === 'same' ? -1 : i)).filter((i) => i >= 0);
  const hunks: Hunk[] = [];
  let k = 0;
  while (k < changed.length) {
    let from = Math.max(0, changed[k] - context);
    let to = Math.min(ops.length, changed[k] + context + 1);
    while (k + 1 < changed.length && changed[k + 1] - context <= to) {
      k++;
      to = Math.min(ops.length, changed[k] + context + 1);
    }
    const slice = ops.slice(from, to);
    const first = slice[0];
    hunks.push({
      aStart: first.a,
      bStart: first.b,
      aLen: slice.filter((o) => o.kind !== 'add').length,
      bLen: slice.filter((o) => o.kind !== 'del').length,
      ops: slice,
    });
    k++;
    from = to;
  }
  return hunks;
}
