/**
 * The subset of git's ignore rules the workspace scan needs: the patterns of .gitignore files
 * (gitignore(5); git 2.39 dir.c: parse_path_pattern, match_pathname, match_basename), so that
 * the scan skips what git ignores. Checked against `git check-ignore` in
 * test/unit/gitignore.test.ts.
 */

interface Rule {
  re: RegExp;
  negated: boolean;
  dirOnly: boolean;
}

/** The rules of one .gitignore file, matched against paths relative to its folder. */
export class GitIgnore {
  private readonly rules: Rule[] = [];

  constructor(text: string) {
    for (const raw of text.split(/\r?\n/)) {
      const rule = compile(raw);
      if (rule) this.rules.push(rule);
    }
  }

  /** Whether `rel` ("a/b", relative to the file's folder) is ignored: the last matching pattern decides. */
  decides(rel: string, isDir: boolean): boolean | undefined {
    let verdict: boolean | undefined;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.re.test(rel)) verdict = !r.negated;
    }
    return verdict;
  }
}

function compile(line: string): Rule | null {
  // Trailing spaces go unless escaped; "#" starts a comment unless escaped.
  let p = line.replace(/(?<!\\)\s+$/, '');
  if (!p || p.startsWith('#')) return null;
  let negated = false;
  if (p.startsWith('!')) {
    negated = true;
    p = p.slice(1);
  } else if (p.startsWith('\\!') || p.startsWith('\\#')) p = p.slice(1);
  let dirOnly = false;
  if (p.endsWith('/')) {
    dirOnly = true;
    p = p.replace(/\/+$/, '');
  }
  if (!p) return null;
  // A slash at the start or in the middle anchors the pattern to the .gitignore's folder.
  const anchored = p.includes('/');
  if (p.startsWith('/')) p = p.slice(1);
  const body = globToRegex(p);
  return { re: new RegExp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`), negated, dirOnly };
}

function globToRegex(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*' && (i === 0 || p[i - 1] === '/') && (i + 2 === p.length || p[i + 2] === '/')) {
      // "**/" any leading folders; "/**" everything inside (git also counts the folder itself); "/**/" zero or more folders.
      if (i + 2 === p.length) {
        out = i === 0 ? '.*' : `${out.replace(/\\\/$/, '')}(?:/.*)?`;
        i += 1;
      } else {
        out += '(?:.*/)?';
        i += 2;
      }
      continue;
    }
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < p.length) out += escapeRe(p[++i]);
    else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        let cls = p.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        out += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else out += escapeRe(c);
  }
  return out;
}

function escapeRe(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}
