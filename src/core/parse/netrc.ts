/**
 * go's own .netrc reader: go@1.19.8 and go@1.26.8/go1.27.3 src/cmd/go/internal/auth/netrc.go
 * parseNetrc (the same rules in all three). Only entries with machine, login and password
 * count; `default` ends the file; a `macdef` skips lines up to the next empty one. Tokens are
 * read in pairs per line, so a token whose value is on the next line is lost.
 */
export interface NetrcEntry {
  machine: string;
  login: string;
  password: string;
  /** 1-based line of the `machine` token. */
  line: number;
}

export function parseNetrc(data: string): NetrcEntry[] {
  return readNetrc(data).entries;
}

/**
 * The entries go uses, and the machines it passes over because login or password is missing
 * (a `machine` token that never completed before the next one, `default` or the end).
 */
export function readNetrc(data: string): { entries: NetrcEntry[]; incomplete: Array<{ machine: string; line: number }> } {
  const out: NetrcEntry[] = [];
  const incomplete: Array<{ machine: string; line: number }> = [];
  const blank = (): NetrcEntry => ({ machine: '', login: '', password: '', line: 0 });
  let l = blank();
  let inMacro = false;
  const lines = data.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (inMacro) {
      if (line === '') inMacro = false;
      continue;
    }
    // strings.Fields: split on Unicode white space.
    const f = line.split(/[\s\u0085\u00a0]+/u).filter(Boolean);
    let i = 0;
    for (; i < f.length - 1; i += 2) {
      switch (f[i]) {
        case 'machine':
          if (l.machine !== '') incomplete.push({ machine: l.machine, line: l.line });
          l = { machine: f[i + 1], login: '', password: '', line: n + 1 };
          break;
        case 'login':
          l.login = f[i + 1];
          break;
        case 'password':
          l.password = f[i + 1];
          break;
        case 'macdef':
          inMacro = true;
          break;
      }
      if (l.machine !== '' && l.login !== '' && l.password !== '') {
        out.push(l);
        l = blank();
      }
    }
    if (i < f.length && f[i] === 'default') break;
  }
  if (l.machine !== '') incomplete.push({ machine: l.machine, line: l.line });
  return { entries: out, incomplete };
}
