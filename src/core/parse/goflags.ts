/**
 * GOFLAGS as the go command reads it.
 * Mirrors go@1.19.8 src/cmd/go/internal/base/goflags.go: InitGOFLAGS (28-70) checks every
 * word for every command except `go env` and `go bug`; SetFromGOFLAGS (83-136) applies only
 * the flags the running command defines and reports bad values for those.
 */
import type { GoOS } from '../model/environment';
import { fieldsWithOffsets, goQuote } from './go-bytes';
import { GOFLAGS_GO119 } from './goflags-table';

export interface GoFlagWord {
  /** The word as written (strings.Fields: no quoting, a value cannot contain spaces). */
  raw: string;
  /** Flag name without dashes ('' when the word is not a flag). */
  name: string;
  value?: string;
  start: number;
  end: number;
}

export interface GoflagsParse {
  words: GoFlagWord[];
  /** Fatal for every go command but `go env`/`go bug`: `go: parsing $GOFLAGS: ...`. */
  error?: string;
  errorWord?: GoFlagWord;
}

/** Splits and checks GOFLAGS as InitGOFLAGS does. */
export function parseGoflags(value: string): GoflagsParse {
  const words: GoFlagWord[] = [];
  for (const f of fieldsWithOffsets(value)) {
    const raw = f.text;
    let name = '';
    let v: string | undefined;
    const looksLikeFlag = raw.startsWith('-') && raw !== '-' && raw !== '--' && !raw.startsWith('---') && !raw.startsWith('-=') && !raw.startsWith('--=');
    if (looksLikeFlag) {
      name = raw.slice(1);
      if (name[0] === '-') name = name.slice(1);
      const eq = name.indexOf('=');
      if (eq >= 0) {
        v = name.slice(eq + 1);
        name = name.slice(0, eq);
      }
    }
    words.push({ raw, name, ...(v !== undefined ? { value: v } : {}), start: f.start, end: f.end });
  }
  for (const w of words) {
    if (w.name === '') return { words, error: `go: parsing $GOFLAGS: non-flag ${goQuote(w.raw)}`, errorWord: w };
    if (!GOFLAGS_GO119.known.includes(w.name)) return { words, error: `go: parsing $GOFLAGS: unknown flag -${w.name}`, errorWord: w };
  }
  return { words };
}

/** strconv.ParseBool. */
function isGoBool(s: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s);
}

/**
 * What `go <command>` prints for GOFLAGS (null when it accepts it): the InitGOFLAGS error,
 * else the first bad value among the flags that command defines (SetFromGOFLAGS), else
 * go's later rejections of -mod and -insecure. Commands not in the table are judged only
 * by InitGOFLAGS.
 */
export function goflagsErrorFor(value: string, command: string, platform: GoOS): { error: string; word?: GoFlagWord } | null {
  if (command === 'env' || command === 'bug') return null;
  const p = parseGoflags(value);
  if (p.error) return { error: p.error, word: p.errorWord };
  const defined = GOFLAGS_GO119.commands[command];
  if (!defined) return null;
  const where = platform === 'windows' ? '%GOFLAGS%' : '$GOFLAGS';
  for (const w of p.words) {
    const kind = defined[w.name];
    if (!kind) continue;
    const shown = `-${w.name}`;
    if (kind === 'bool') {
      // -buildvcs also takes "auto" (go@1.19.8 src/cmd/go/internal/work/build.go buildvcsFlag).
      if (w.value !== undefined && !isGoBool(w.value) && !(w.name === 'buildvcs' && w.value === 'auto')) {
        return { error: `go: invalid boolean value ${goQuote(w.value)} for flag ${shown} (from ${where}): parse error`, word: w };
      }
    } else if (w.value === undefined) {
      return { error: `go: flag needs an argument: ${shown} (from ${where})`, word: w };
    }
  }
  const mod = lastValue(p.words, 'mod');
  if (mod !== undefined && defined.mod && !['', 'readonly', 'vendor', 'mod'].includes(mod)) {
    // go@1.19.8 src/cmd/go/internal/work/init.go:316-325
    return { error: `-mod=${mod} not supported (can be '', 'mod', 'readonly', or 'vendor')`, word: p.words.filter((w) => w.name === 'mod').pop() };
  }
  if (command === 'get') {
    const ins = p.words.filter((w) => w.name === 'insecure').pop();
    if (ins && (ins.value === undefined || ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(ins.value))) {
      // go@1.19.8 src/cmd/go/internal/modget/get.go:276
      return { error: 'go: -insecure flag is no longer supported; use GOINSECURE instead', word: ins };
    }
  }
  return null;
}

function lastValue(words: GoFlagWord[], name: string): string | undefined {
  let v: string | undefined;
  for (const w of words) if (w.name === name) v = w.value ?? v;
  return v;
}
