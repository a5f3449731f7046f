/**
 * Module versions the lab GOPROXY serves, built in memory: `.info`, `.mod` and a real module
 * zip (entries under `<module>@<version>/`, as `go help goproxy` and
 * golang.org/x/mod/zip require).
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface FixtureModule {
  path: string;
  version: string;
  time: string;
  mod: string;
  files: Record<string, string>;
}

export interface BuiltModule extends FixtureModule {
  info: string;
  zip: Buffer;
}

/** A minimal zip writer: deflate entries, central directory, no extras. */
export function buildZip(entries: Array<{ name: string; data: Buffer }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // 1980-01-01 00:00 in DOS format, so zips are reproducible.
  const dosTime = 0;
  const dosDate = (0 << 9) | (1 << 5) | 1;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const comp = deflateRawSync(e.data);
    const crc = crc32(e.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, comp);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + comp.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function hello(path: string, version: string, greeting: string): FixtureModule {
  return {
    path, version, time: '2023-01-02T03:04:05Z',
    mod: `module ${path}\n\ngo 1.18\n`,
    files: {
      'go.mod': `module ${path}\n\ngo 1.18\n`,
      'hello.go': `package hello\n\n// Greeting says hello.\nfunc Greeting() string { return ${JSON.stringify(greeting)} }\n`,
    },
  };
}

/** The fixture modules: a plain one with two versions, an upper-case path, a +incompatible version. */
export const FIXTURE_MODULES: FixtureModule[] = [
  hello('example.com/hello', 'v1.0.0', 'hello v1.0.0'),
  hello('example.com/hello', 'v1.1.0', 'hello v1.1.0'),
  hello('example.com/Upper', 'v1.0.0', 'upper'),
  {
    // A v2 tag on a module without go.mod: go synthesizes the .mod and marks it +incompatible.
    path: 'example.com/incompat', version: 'v2.0.0+incompatible', time: '2023-02-03T04:05:06Z',
    mod: 'module example.com/incompat\n',
    files: { 'incompat.go': 'package incompat\n\nconst V = 2\n' },
  },
];

export function buildModule(m: FixtureModule): BuiltModule {
  const prefix = `${m.path}@${m.version}/`;
  const zip = buildZip(Object.entries(m.files).map(([name, text]) => ({ name: prefix + name, data: Buffer.from(text) })));
  return { ...m, info: JSON.stringify({ Version: m.version, Time: m.time }) + '\n', zip };
}

export function buildFixtures(): BuiltModule[] {
  return FIXTURE_MODULES.map(buildModule);
}
