import * as fc from 'fast-check';

/**
 * A realistic file with a few bytes changed: characters inserted, deleted, duplicated or
 * swapped at random places (what an editor in mid-typing or a bad merge leaves behind).
 */
export function mutatedText(corpus: string[], chars = '\n\r\t "\'`#:=${}[](),|\\\u0000\ufeff'): fc.Arbitrary<string> {
  const op = fc.tuple(fc.nat(), fc.nat({ max: 40 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(...chars.split('')));
  return fc.tuple(fc.constantFrom(...corpus), fc.array(op, { minLength: 1, maxLength: 5 })).map(([base, ops]) => {
    let s = base;
    for (const [at, len, kind, ch] of ops) {
      const i = s.length ? at % s.length : 0;
      switch (kind) {
        case 0: s = s.slice(0, i) + ch + s.slice(i); break; // insert
        case 1: s = s.slice(0, i) + s.slice(i + len); break; // delete
        case 2: s = s.slice(0, i) + s.slice(i, i + len) + s.slice(i); break; // duplicate
        case 3: s = s.slice(0, i) + s.slice(i + 1, i + 1 + len) + s.slice(i, i + 1) + s.slice(i + 1 + len); break; // move a char
        default: s = s.slice(0, i) + ch.repeat(len) + s.slice(i); // a run
      }
    }
    return s;
  });
}
