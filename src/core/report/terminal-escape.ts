/**
 * Makes text from files, names and values safe to print to a terminal: every character a
 * terminal would act on instead of showing is written visibly.
 * - C0 controls (ESC starts colour, clear-screen, window-title and OSC 52 clipboard sequences;
 *   CR returns to the start of the line and overwrites it), DEL, and C1 controls U+0080–U+009F
 *   (U+009B is a one-character CSI, U+009D a one-character OSC) become `\xNN` (`\r` for CR);
 * - the Unicode bidirectional controls (which reorder what is shown) and the line and
 *   paragraph separators U+2028/U+2029 become `\uNNNN`.
 * Tab stays: it only moves right, and go indents its own messages with it (checksum mismatch).
 * In multi-line text a CR right before a newline (a CRLF file's line in a diff) stays too: it
 * returns to a line that is ended at once, so nothing can be overwritten, and a diff keeps the
 * bytes `patch` needs. Any other CR is shown.
 */

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;
// eslint-disable-next-line no-control-regex
const UNSAFE_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function visible(c: string): string {
  const n = c.charCodeAt(0);
  if (c === '\r') return '\\r';
  if (c === '\n') return '\\n';
  if (n <= 0xff) return `\\x${n.toString(16).padStart(2, '0')}`;
  return `\\u${n.toString(16).padStart(4, '0')}`;
}

/** `text` with control characters shown; its newlines stay (they are the writer's own). */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, visible);
}

/** One line of data (a path, a name, a value): newlines are shown as `\n` too. */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE_OR_NEWLINE, visible);
}

/** True when `text` holds something a terminal would act on (newlines aside). */
export function hasUnsafe(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const r = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return r;
}

import { mapStrings } from './map-strings';

export { mapStrings };

/**
 * A JSON document that no terminal acts on: JSON.stringify already writes C0 controls as
 * `\u00NN`; DEL, C1 controls, bidi controls and U+2028/U+2029 are legal raw in JSON and are
 * written as `\uNNNN` here. The parsed value is unchanged.
 */
export function escapeJsonText(json: string): string {
  // eslint-disable-next-line no-control-regex
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Escapes, in every string of `value`, the data strings that must stay on one line (a folder,
 * a file name, a value) wherever they occur, including inside messages that quote them: a folder
 * named `x\nINJECTED ok` then prints as `x\nINJECTED ok` in the header and in every message,
 * never as a line of its own. Everything else keeps its newlines; control characters are shown.
 */
export function escapeForTerminal<T>(value: T, singleLine: Iterable<string>): T {
  return mapStrings(keepOnLine(value, singleLine), escapeTerminal);
}

/** Only the first half of escapeForTerminal: the one-line data strings escaped wherever they occur. */
export function keepOnLine<T>(value: T, singleLine: Iterable<string>): T {
  const risky = [...new Set([...singleLine].filter((s) => s && /[\n\r\u2028\u2029\u0085]/.test(s)))].sort((a, b) => b.length - a.length);
  if (!risky.length) return value;
  return mapStrings(value, (s) => {
    let out = s;
    for (const r of risky) if (out.includes(r)) out = out.split(r).join(escapeLine(r));
    return out;
  });
}
