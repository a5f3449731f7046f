/**
 * Go strings are byte strings; JavaScript strings are UTF-16. The grammars ported from Go
 * index bytes, so they work on "byte strings": JS strings whose code units are the UTF-8
 * bytes (0-255) of the original text. These helpers convert and decode runes as Go does.
 */

/** UTF-8 bytes of `s` as a byte string. */
export function toBytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** Text of a byte string (invalid UTF-8 becomes U+FFFD, as when printing). */
export function fromBytes(b: string): string {
  return Buffer.from(b, 'latin1').toString('utf8');
}

export const RUNE_ERROR = 0xfffd;

/** Go's utf8.DecodeRuneInString on a byte string: [rune, width]; (RuneError, 1) on bad input. */
export function decodeRune(b: string, i = 0): [number, number] {
  const n = b.length - i;
  if (n <= 0) return [RUNE_ERROR, 0];
  const c0 = b.charCodeAt(i);
  if (c0 < 0x80) return [c0, 1];
  const cont = (k: number) => (i + k < b.length ? b.charCodeAt(i + k) : -1);
  const isCont = (c: number) => c >= 0x80 && c <= 0xbf;
  if (c0 >= 0xc2 && c0 <= 0xdf) {
    const c1 = cont(1);
    if (isCont(c1)) return [((c0 & 0x1f) << 6) | (c1 & 0x3f), 2];
    return [RUNE_ERROR, 1];
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const c1 = cont(1);
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    if (c1 < lo || c1 > hi) return [RUNE_ERROR, 1];
    const c2 = cont(2);
    if (!isCont(c2)) return [RUNE_ERROR, 1];
    return [((c0 & 0x0f) << 12) | ((c1 & 0x3f) << 6) | (c2 & 0x3f), 3];
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const c1 = cont(1);
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (c1 < lo || c1 > hi) return [RUNE_ERROR, 1];
    const c2 = cont(2);
    const c3 = cont(3);
    if (!isCont(c2) || !isCont(c3)) return [RUNE_ERROR, 1];
    return [((c0 & 0x07) << 18) | ((c1 & 0x3f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f), 4];
  }
  return [RUNE_ERROR, 1];
}

/** Runes of a byte string with their byte offsets (Go's `for i, r := range s`). */
export function* runes(b: string): Generator<[number, number]> {
  for (let i = 0; i < b.length;) {
    const [r, n] = decodeRune(b, i);
    yield [i, r];
    i += n;
  }
}

/** utf8.ValidString on a byte string. */
export function validUTF8(b: string): boolean {
  for (let i = 0; i < b.length;) {
    const [r, n] = decodeRune(b, i);
    if (r === RUNE_ERROR && n === 1) return false;
    i += n;
  }
  return true;
}

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrint(r: number): boolean {
  if (r === 0x20) return true;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(r));
}

/** unicode.IsSpace. */
export function isSpaceRune(r: number): boolean {
  if (r < 0x100) return r === 0x20 || (r >= 0x09 && r <= 0x0d) || r === 0x85 || r === 0xa0;
  return /^\p{White_Space}$/u.test(String.fromCodePoint(r));
}

/** strconv.Quote (what fmt's %q prints for a string), given the text (not bytes). */
export function goQuote(text: string): string {
  return goQuoteBytes(toBytes(text));
}

/** strconv.Quote of a byte string; the result is text. */
export function goQuoteBytes(b: string): string {
  let out = '"';
  for (let i = 0; i < b.length;) {
    const [r, n] = decodeRune(b, i);
    if (r === RUNE_ERROR && n === 1) {
      out += '\\x' + b.charCodeAt(i).toString(16).padStart(2, '0');
      i += 1;
      continue;
    }
    i += n;
    out += quoteRune(r);
  }
  return out + '"';
}

function quoteRune(r: number): string {
  if (r === 0x22) return '\\"';
  if (r === 0x5c) return '\\\\';
  if (r < 0x80 && r >= 0x20 && r !== 0x7f) return String.fromCharCode(r);
  if (r >= 0x80 && isPrint(r)) return String.fromCodePoint(r);
  switch (r) {
    case 0x07: return '\\a';
    case 0x08: return '\\b';
    case 0x0c: return '\\f';
    case 0x0a: return '\\n';
    case 0x0d: return '\\r';
    case 0x09: return '\\t';
    case 0x0b: return '\\v';
  }
  if (r < 0x20 || r === 0x7f) return '\\x' + r.toString(16).padStart(2, '0');
  if (r < 0x10000) return '\\u' + r.toString(16).padStart(4, '0');
  return '\\U' + r.toString(16).padStart(8, '0');
}

/** %q of a single rune (strconv.QuoteRune), as fmt prints `invalid char %q`. */
export function goQuoteRune(r: number): string {
  if (r === 0x27) return "'\\''";
  if (r === 0x22) return "'\"'";
  return "'" + quoteRune(r) + "'";
}

/** strings.TrimSpace on text (Unicode white space, both ends). */
export function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b) {
    const cp = s.codePointAt(a)!;
    if (!isSpaceRune(cp)) break;
    a += cp > 0xffff ? 2 : 1;
  }
  while (b > a) {
    let cp = s.charCodeAt(b - 1);
    let w = 1;
    if (cp >= 0xdc00 && cp <= 0xdfff && b - 2 >= a) {
      const hi = s.charCodeAt(b - 2);
      if (hi >= 0xd800 && hi <= 0xdbff) {
        cp = s.codePointAt(b - 2)!;
        w = 2;
      }
    }
    if (!isSpaceRune(cp)) break;
    b -= w;
  }
  return s.slice(a, b);
}

/** [start, end) of the TrimSpace'd part of `s` (UTF-16 offsets). */
export function trimSpaceRange(s: string): [number, number] {
  const t = trimSpace(s);
  if (t === '') return [0, 0];
  let a = 0;
  while (!s.startsWith(t, a)) a++;
  return [a, a + t.length];
}

/** strings.Fields (split on runs of Unicode white space). */
export function fields(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (isSpaceRune(ch.codePointAt(0)!)) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** strings.Fields with UTF-16 offsets of each field. */
export function fieldsWithOffsets(s: string): Array<{ text: string; start: number; end: number }> {
  const out: Array<{ text: string; start: number; end: number }> = [];
  let start = -1;
  let i = 0;
  for (const ch of s) {
    const sp = isSpaceRune(ch.codePointAt(0)!);
    if (sp && start >= 0) {
      out.push({ text: s.slice(start, i), start, end: i });
      start = -1;
    } else if (!sp && start < 0) start = i;
    i += ch.length;
  }
  if (start >= 0) out.push({ text: s.slice(start), start, end: s.length });
  return out;
}
