import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

// The rule "src/core never imports vscode", proved on a temporary copy of the project with
// the real esbuild.mjs and the real src/core/tsconfig.json: a core file importing 'vscode'
// must fail both the bundle and the core type-check, while the same import under src/vscode
// passes both (so the failures are the rule, not a broken copy).
const ROOT = path.resolve(__dirname, '..', '..', '..');
const PROBE = "import * as vscode from 'vscode';\nexport const probeVersion: string = vscode.version;\n";

function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-novscode-'));
  for (const f of ['esbuild.mjs', 'package.json', 'tsconfig.json']) fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  fs.cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function run(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', timeout: 180000 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout + r.stderr };
}

const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe('src/core cannot import vscode', function () {
  this.timeout(300000);
  let dir = '';
  beforeEach(() => { dir = copyProject(); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the core type-check fails on a core file importing vscode, and passes the same file outside core', () => {
    fs.writeFileSync(path.join(dir, 'src', 'core', 'vscode-probe.ts'), PROBE);
    fs.writeFileSync(path.join(dir, 'src', 'core', 'tsconfig.probe.json'), '{ "extends": "./tsconfig.json", "include": ["./vscode-probe.ts"] }\n');
    const bad = run(dir, [TSC, '-p', 'src/core/tsconfig.probe.json', '--noEmit']);
    assert.notEqual(bad.code, 0, 'tsc accepted an import of vscode in src/core');
    assert.match(bad.out, /src\/core\/vscode-probe\.ts\(1,\d+\): error TS\d+/);
    fs.mkdirSync(path.join(dir, 'src', 'vscode'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src', 'vscode', 'vscode-probe.ts'), PROBE);
    fs.writeFileSync(path.join(dir, 'src', 'vscode', 'tsconfig.probe.json'), '{ "extends": "../../tsconfig.json", "include": ["./vscode-probe.ts"] }\n');
    const good = run(dir, [TSC, '-p', 'src/vscode/tsconfig.probe.json', '--noEmit']);
    assert.equal(good.code, 0, good.out);
  });

  it('the bundle fails when core imports vscode, and builds when only the extension does', () => {
    // Control first: the extension may import vscode.
    fs.writeFileSync(path.join(dir, 'src', 'vscode', 'vscode-probe.ts'), PROBE);
    fs.appendFileSync(path.join(dir, 'src', 'vscode', 'extension.ts'), "\nimport './vscode-probe';\n");
    const good = run(dir, ['esbuild.mjs']);
    assert.equal(good.code, 0, good.out);
    assert.ok(fs.existsSync(path.join(dir, 'dist', 'extension.js')));
    // Now a core module (reached by the extension, the worker and the CLI) imports it.
    fs.writeFileSync(path.join(dir, 'src', 'core', 'vscode-probe.ts'), PROBE);
    fs.appendFileSync(path.join(dir, 'src', 'core', 'diagnose.ts'), "\nimport './vscode-probe';\n");
    const bad = run(dir, ['esbuild.mjs']);
    assert.notEqual(bad.code, 0, 'esbuild bundled a core module that imports vscode');
    assert.match(bad.out, /'vscode' may not be imported here \(src\/core\/vscode-probe\.ts\)/);
  });
});
