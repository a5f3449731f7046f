/**
 * JSON with comments and trailing commas, as VS Code reads settings.json and
 * devcontainer.json (`//` and block comments, trailing commas). Every node keeps its exact
 * offsets so that an edit can replace one value and nothing else.
 */
export type JsonNode =
  | { type: 'object'; start: number; end: number; members: JsonMember[] }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'string'; start: number; end: number; value: string }
  | { type: 'number' | 'boolean' | 'null'; start: number; end: number; value: number | boolean | null };

export interface JsonMember {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: JsonNode;
}

export class JsoncError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const MAX_DEPTH = 200;

export function parseJsonc(text: string): JsonNode {
  let i = 0;
  const fail = (msg: string): never => {
    throw new JsoncError(msg, Math.min(i, text.length));
  };
  const skip = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else if (c === 47 && text[i + 1] === '/') {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl + 1;
      } else if (c === 47 && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) fail('unterminated block comment');
        i = close + 2;
      } else return;
    }
  };
  const str = (): { value: string; start: number; end: number } => {
    const start = i;
    i++;
    let value = '';
    for (;;) {
      if (i >= text.length) {
        i = start;
        fail('unterminated string');
      }
      const c = text[i];
      if (c === '"') {
        i++;
        break;
      }
      if (c === '\n') {
        i = start;
        fail('unterminated string (line break inside a string)');
      }
      if (c === '\\') {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e in simple) {
          value += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail('invalid escape in string');
        continue;
      }
      value += c;
      i++;
    }
    return { value, start, end: i };
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail('nesting too deep');
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: JsonMember[] = [];
      for (;;) {
        skip();
        if (text[i] === '}') {
          i++;
          return { type: 'object', start, end: i, members };
        }
        if (text[i] !== '"') fail(i >= text.length ? 'unexpected end of file in an object' : 'expected a property name in double quotes');
        const k = str();
        skip();
        if (text[i] !== ':') fail('expected ":" after a property name');
        i++;
        const v = value(depth + 1);
        members.push({ key: k.value, keyStart: k.start, keyEnd: k.end, value: v });
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== '}') fail('expected "," or "}" in an object');
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      for (;;) {
        skip();
        if (text[i] === ']') {
          i++;
          return { type: 'array', start, end: i, items };
        }
        if (i >= text.length) fail('unexpected end of file in an array');
        items.push(value(depth + 1));
        skip();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('expected "," or "]" in an array');
      }
    }
    if (c === '"') {
      const s = str();
      return { type: 'string', ...s };
    }
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 64));
    if (!lit) fail(i >= text.length ? 'unexpected end of file' : `unexpected character ${JSON.stringify(text[i])}`);
    i += lit![0].length;
    const t = lit![0];
    if (t === 'true' || t === 'false') return { type: 'boolean', start, end: i, value: t === 'true' };
    if (t === 'null') return { type: 'null', start, end: i, value: null };
    return { type: 'number', start, end: i, value: Number(t) };
  };
  const root = value(0);
  skip();
  if (i < text.length) fail('unexpected text after the end of the JSON value');
  return root;
}

export function member(node: JsonNode | undefined, key: string): JsonMember | undefined {
  if (!node || node.type !== 'object') return undefined;
  // The last duplicate wins, as in JSON.parse.
  for (let k = node.members.length - 1; k >= 0; k--) if (node.members[k].key === key) return node.members[k];
  return undefined;
}
