/** One module of `go mod download -json` (go@1.19.8 src/cmd/go/internal/modcmd/download.go moduleJSON). */
export interface DownloadedModule {
  Path: string;
  Version?: string;
  Error?: string;
  Info?: string;
  GoMod?: string;
  Zip?: string;
  Dir?: string;
  Sum?: string;
  GoModSum?: string;
}

/**
 * Splits go's output — JSON objects printed one after another, indented, not a JSON array —
 * into objects. Text that is not part of an object (go's own errors on stderr mixed in, a
 * truncated tail) is returned in `rest`.
 */
export function parseDownloadJson(text: string): { modules: DownloadedModule[]; rest: string } {
  const modules: DownloadedModule[] = [];
  let rest = '';
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth === 0) {
        rest += text.slice(last, i);
        start = i;
      }
      depth++;
    } else if (c === '}' && depth > 0) {
      depth--;
      if (depth === 0) {
        const chunk = text.slice(start, i + 1);
        try {
          const v = JSON.parse(chunk) as DownloadedModule;
          if (v && typeof v.Path === 'string') modules.push(v);
          else rest += chunk;
        } catch {
          rest += chunk;
        }
        last = i + 1;
      }
    }
  }
  rest += depth > 0 ? text.slice(start) : text.slice(last);
  return { modules, rest: rest.trim() };
}
