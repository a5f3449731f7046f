import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAYERS } from '../../src/core/model/layers';

// The manifest is complete: one command category, a scope on every setting, %key% strings
// translated to zh-cn, bounded activation, limited workspace trust; every runtime string in
// the extension translated too.
const root = path.resolve(__dirname, '..', '..', '..');
const read = (f: string) => JSON.parse(fs.readFileSync(path.join(root, f), 'utf8'));

describe('vscode manifest', () => {
  const pkg = read('package.json');
  const en = read('package.nls.json');
  const zh = read('package.nls.zh-cn.json');

  it('activates only on bounded workspace globs (and its contributions), never on startup', () => {
    for (const e of pkg.activationEvents as string[]) {
      assert.match(e, /^workspaceContains:/, e);
      assert.ok(!e.includes('**'), `${e} is unbounded`);
    }
    for (const f of ['go.mod', 'go.work', '.gitlab-ci.yml']) assert.ok(pkg.activationEvents.includes(`workspaceContains:${f}`), f);
  });

  it('puts every command in the "Go Proxy" category with a translated %key% title', () => {
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'Go Proxy', c.command);
      const key = /^%(.+)%$/.exec(c.title)?.[1];
      assert.ok(key, `${c.command} title is a %key%`);
      assert.ok(en[key], `${key} in package.nls.json`);
      assert.ok(zh[key], `${key} in package.nls.zh-cn.json`);
    }
  });

  it('gives every setting a scope and a translated description', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string; markdownDescription?: string; description?: string }>;
    assert.ok(Object.keys(props).length >= 5);
    for (const [name, p] of Object.entries(props)) {
      assert.ok(p.scope, `${name} has a scope`);
      const key = /^%(.+)%$/.exec(p.markdownDescription ?? p.description ?? '')?.[1];
      assert.ok(key && en[key] && zh[key], `${name} has a translated description`);
    }
  });

  it('translates every %key% of the manifest', () => {
    const keys = [...JSON.stringify(pkg).matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
    for (const k of keys) {
      assert.ok(en[k], `${k} in package.nls.json`);
      assert.ok(zh[k], `${k} in package.nls.zh-cn.json`);
    }
    assert.deepEqual(Object.keys(zh).sort(), Object.keys(en).sort(), 'the same keys in both languages');
  });

  it('declares limited workspace trust with a reason, and runs in the workspace', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(en[pkg.capabilities.untrustedWorkspaces.description.replace(/%/g, '')]);
    assert.deepEqual(pkg.extensionKind, ['workspace']);
  });

  it('translates every runtime string of the extension, with the same placeholders', () => {
    const zhBundle = read('l10n/bundle.l10n.zh-cn.json') as Record<string, string>;
    const dir = path.join(root, 'src', 'vscode');
    const strings = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      for (const m of text.matchAll(/l10n\.t\(\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g)) strings.add(JSON.parse(m[1].startsWith("'") ? `"${m[1].slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : m[1]));
    }
    assert.ok(strings.size > 20, `found ${strings.size} strings`);
    const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();
    for (const s of strings) {
      assert.ok(zhBundle[s], `zh-cn translation of ${JSON.stringify(s)}`);
      assert.deepEqual(placeholders(zhBundle[s]), placeholders(s), s);
    }
    // The tree shows layer titles through l10n too.
    for (const l of LAYERS) assert.ok(zhBundle[l.title], `layer title ${l.title}`);
  });
});
