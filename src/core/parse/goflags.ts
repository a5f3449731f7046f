/**
 * GOFLAGS as the go command reads it, by the rules of one go release.
 * Mirrors src/cmd/go/internal/base/goflags.go: InitGOFLAGS checks every word for every command
 * (go@1.19.8 :28-70, go@1.26.8 and go@1.27.3 :29-81; `go env` and `go bug` skip these errors);
 * SetFromGOFLAGS (go@1.19.8 :83-136, go@1.26.8 :91-145) applies the flags the running command
 * defines and reports bad values for those, for every command including `go env`.
 * go1.19 splits with strings.Fields; go1.26 and go1.27 with cmd/internal/quoted.Split, which
 * takes a field that starts with ' or " up to the same quote.
 */
import type { GoOS } from '../model/environment';
import { parseGoVersion } from '../env/go-version';
import { fieldsWithOffsets, goQuote } from './go-bytes';
import { goflagsTableFor, type GoflagsTable } from './goflags-table';

export interface GoFlagWord {
  /** The word as written (with its quotes, when quoted). */
  raw: string;
  /** The word go sees (quotes removed). */
  text: string;
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
  /** The release whose rules were applied. */
  go: string;
  /** quoted.Split failed (an unclosed quote): go has no words at all; `words` ends with the unclosed one. */
  unsplit?: boolean;
}

/** True when the table's go splits GOFLAGS with quoted.Split (every table newer than go1.19). */
export function goflagsQuoting(t: GoflagsTable): boolean {
  return (parseGoVersion(t.go)?.minor ?? 99) >= 20;
}

/** cmd/internal/quoted.Split (go@1.26.8 src/cmd/internal/quoted/quoted.go:25-56), with offsets. */
type Field = { raw: string; text: string; start: number; end: number };

function toWord(f: Field): GoFlagWord {
  let name = '';
  let v: string | undefined;
  if (looksLikeFlag(f.text)) {
    name = f.text.slice(1);
    if (name[0] === '-') name = name.slice(1);
    const eq = name.indexOf('=');
    if (eq >= 0) {
      v = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
  }
  return { raw: f.raw, text: f.text, name, ...(v !== undefined ? { value: v } : {}), start: f.start, end: f.end };
}

function quotedSplit(s: string): { fields: Field[]; error?: string; errorAt?: number } {
  const fields: Array<{ raw: string; text: string; start: number; end: number }> = [];
  const space = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  let i = 0;
  while (i < s.length) {
    while (i < s.length && space(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === '"' || s[i] === "'") {
      const quote = s[i];
      const close = s.indexOf(quote, i + 1);
      if (close < 0) return { fields, error: `unterminated ${quote} string`, errorAt: i };
      fields.push({ raw: s.slice(i, close + 1), text: s.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const start = i;
    while (i < s.length && !space(s[i])) i++;
    fields.push({ raw: s.slice(start, i), text: s.slice(start, i), start, end: i });
  }
  return { fields };
}

function looksLikeFlag(f: string): boolean {
  return f.startsWith('-') && f !== '-' && f !== '--' && !f.startsWith('---') && !f.startsWith('-=') && !f.startsWith('--=');
}

/** Splits and checks GOFLAGS as InitGOFLAGS does, by the rules of `version` (newest when unknown). */
export function parseGoflags(value: string, version?: string | null): GoflagsParse {
  const table = goflagsTableFor(version);
  const words: GoFlagWord[] = [];
  let split: Array<{ raw: string; text: string; start: number; end: number }>;
  if (goflagsQuoting(table)) {
    const q = quotedSplit(value);
    if (q.error) {
      const at = q.errorAt!;
      const w: GoFlagWord = { raw: value.slice(at), text: value.slice(at + 1), name: '', start: at, end: value.length };
      return { words: [...q.fields.map(toWord), w], error: `go: parsing $GOFLAGS: ${q.error}`, errorWord: w, go: table.go, unsplit: true };
    }
    split = q.fields;
  } else {
    split = fieldsWithOffsets(value).map((f) => ({ raw: f.text, text: f.text, start: f.start, end: f.end }));
  }
  for (const f of split) words.push(toWord(f));
  for (const w of words) {
    if (w.name === '') return { words, error: `go: parsing $GOFLAGS: non-flag ${goQuote(w.text)}`, errorWord: w, go: table.go };
    if (!table.known.includes(w.name)) return { words, error: `go: parsing $GOFLAGS: unknown flag -${w.name}`, errorWord: w, go: table.go };
  }
  return { words, go: table.go };
}

/** strconv.ParseBool. */
export function isGoBool(s: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s);
}
const isGoTrue = (s: string) => ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s);

/** Values a custom boolean flag takes besides strconv.ParseBool's. */
function extraBoolValues(t: GoflagsTable, command: string, name: string): string[] {
  // work/build.go buildvcsFlag.Set (go@1.19.8 :344-358, go@1.26.8 :402-416): "" and "auto".
  if (name === 'buildvcs') return ['', 'auto'];
  // test/test.go testVFlag.Set (go@1.26.8 :571-584): "test2json"; its error names -test.v.
  if (command === 'test' && (name === 'v' || name === 'test.v') && t.boolErrors[`${command}:${name}`]) return ['test2json'];
  return [];
}

/**
 * What `go <command>` prints for GOFLAGS (null when it accepts it), by the rules of `version`
 * (newest when unknown): the InitGOFLAGS error (not for `go env`/`go bug`), else the first bad
 * value among the flags that command defines (SetFromGOFLAGS), else go's later rejections of
 * -mod and of `go get`'s retired flags. Commands not in the table are judged only by InitGOFLAGS.
 */
export function goflagsErrorFor(value: string, command: string, platform: GoOS, version?: string | null): { error: string; word?: GoFlagWord } | null {
  const table = goflagsTableFor(version);
  const hideErrors = command === 'env' || command === 'bug';
  const p = parseGoflags(value, table.go);
  if (p.error) {
    if (!hideErrors) return { error: p.error, word: p.errorWord };
    // quoted.Split failed: go env keeps no flags at all (goflags.go:40-47).
    if (p.unsplit) return null;
  }
  const defined = table.commands[command];
  if (!defined) return null;
  const where = platform === 'windows' ? '%GOFLAGS%' : '$GOFLAGS';
  // SetFromGOFLAGS walks the words as they are: for go env, non-flags too.
  const last: Record<string, GoFlagWord & { v: string | undefined }> = {};
  for (const w of p.words) {
    const eq = w.text.indexOf('=');
    if (eq === 0) continue;
    let name = eq > 0 ? w.text.slice(0, eq) : w.text;
    const v = eq > 0 ? w.text.slice(eq + 1) : undefined;
    if (name.startsWith('--')) name = name.slice(1);
    const flag = name.slice(1);
    // go get -u takes any value here and is judged in runGet (modget/get.go upgradeFlag).
    if (command === 'get' && flag === 'u') {
      last.u = { ...w, v: v ?? 'true' };
      continue;
    }
    const kind = defined[flag];
    if (!kind) continue;
    if (kind === 'bool') {
      if (v !== undefined && !isGoBool(v) && !extraBoolValues(table, command, flag).includes(v)) {
        const why = (table.boolErrors[`${command}:${flag}`] ?? 'parse error').split('{value}').join(v);
        return { error: `go: invalid boolean value ${goQuote(v)} for flag ${name} (from ${where}): ${why}`, word: w };
      }
    } else if (v === undefined) {
      return { error: `go: flag needs an argument: ${name} (from ${where})`, word: w };
    }
    last[flag] = { ...w, v: v ?? 'true' };
  }
  const mod = last.mod;
  if (mod && !['', 'readonly', 'vendor', 'mod'].includes(mod.v!)) {
    // work/init.go (go@1.19.8 :316-325, go@1.26.8 :359)
    return { error: `-mod=${mod.v} not supported (can be '', 'mod', 'readonly', or 'vendor')`, word: mod };
  }
  if (command === 'get') {
    const minor = parseGoVersion(table.go)?.minor ?? 99;
    // modget/get.go runGet (go@1.19.8 :255-277, go@1.26.8 :275-300), in go's order.
    const u = last.u;
    if (u && !['true', 'false', 'patch', ''].includes(u.v!)) return { error: `go: unknown upgrade flag -u=${u.v}`, word: u };
    const d = last.d;
    if (d && isGoBool(d.v!) && !isGoTrue(d.v!)) return { error: minor > 19 ? 'go: -d flag may not be set to false' : 'go: -d flag may not be disabled', word: d };
    if (last.m && isGoTrue(last.m.v!)) return { error: 'go: -m flag is no longer supported', word: last.m };
    if (last.insecure && isGoTrue(last.insecure.v!)) return { error: 'go: -insecure flag is no longer supported; use GOINSECURE instead', word: last.insecure };
  }
  return null;
}
