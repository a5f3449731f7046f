/**
 * Runs the extension-host test suites inside a real VS Code (code-server + headless
 * Chromium), offline. Each session: a fresh copy of the fixture workspace, a throwaway
 * server (own process group, killed on every exit path), the extension and the tests handed
 * over through the workbench's `payload` URL, and `codeAutomationExit` awaited.
 *   node out/test/vscode/run-in-code-server.js [--screenshot]   (GPD_VSCODE_SESSIONS=trusted,... to pick)
 * Appends {suite, passed, failed, pending} to $GPD_TEST_STATS; exits non-zero on any failure.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readZipDirectory } from '../../src/core/cache/zip-reader';

const REPO = path.resolve(__dirname, '..', '..', '..');
const OUT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.GPD_CHROMIUM ?? '/usr/bin/chromium';
const SESSION_TIMEOUT_MS = 240_000;

interface Session {
  name: string;
  /** Entry of the tests (exports run()). */
  tests: string;
  trusted: boolean;
  /** Copied as the workspace; without one the workspace is an empty folder. */
  fixture?: string;
  /** Extra environment of the server (and so of the extension host). */
  env?: Record<string, string>;
  /** Folder of the screenshots the tests ask for (see suite/screenshot.ts). */
  screenshot?: string;
  /** Test the packaged .vsix, installed into the server, instead of the repository. */
  vsix?: boolean;
}

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

const cleanups: Array<() => void> = [];
function cleanupAll(): void {
  while (cleanups.length) {
    try {
      cleanups.pop()!();
    } catch {
      // best effort on the way out
    }
  }
}
process.on('exit', cleanupAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    cleanupAll();
    process.exit(130);
  });
}

function codeServerDir(): string {
  const cached = process.env.GPD_CODE_SERVER_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'go-proxy-doctor', 'code-server-4.100.3');
  if (fs.existsSync(path.join(cached, '.installed'))) return cached;
  const printed = execFileSync('bash', [path.join(REPO, 'scripts', 'install-code-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim().split('\n').pop()!;
  return printed;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** A `go` that records its arguments, then runs the real one: proves when go is (not) run. */
function goShim(dir: string, calls: string): string {
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin, { recursive: true });
  const realGo = ['/usr/bin/go', '/usr/local/go/bin/go'].find((p) => fs.existsSync(p)) ?? 'go';
  fs.writeFileSync(path.join(bin, 'go'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${calls}'\nexec '${realGo}' "$@"\n`, { mode: 0o755 });
  return bin;
}

// What the .vsix may contain (.vscodeignore is an allowlist; this proves it), and its limit.
const VSIX_ALLOWED = [
  /^extension\.vsixmanifest$/,
  /^\[Content_Types\]\.xml$/,
  /^extension\/(package\.json|package\.nls(\.[a-z-]+)?\.json|readme\.md|changelog\.md|LICENSE\.txt)$/i,
  /^extension\/dist\/(extension|worker)\.js$/,
  /^extension\/media\/[\w./-]+\.(svg|png|md)$/,
  /^extension\/l10n\/bundle\.l10n(\.[a-z-]+)?\.json$/,
];
const VSIX_REQUIRED = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/worker.js', 'extension/media/go-proxy.svg', 'extension/package.nls.zh-cn.json', 'extension/l10n/bundle.l10n.zh-cn.json'];
const VSIX_MAX_BYTES = 3 * 1024 * 1024;

/** Packages the extension as `vsce package` does, checks the archive, installs it into the server. Returns problems. */
async function packageAndInstall(csDir: string, tmp: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const vsix = path.join(tmp, 'go-proxy-doctor.vsix');
  const base = 'https://github.com/go-proxy-doctor/go-proxy-doctor';
  execFileSync(process.execPath, [path.join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--baseContentUrl', `${base}/blob/main`, '--baseImagesUrl', `${base}/raw/main`, '--out', vsix], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  const problems: string[] = [];
  const size = fs.statSync(vsix).size;
  if (size > VSIX_MAX_BYTES) problems.push(`the .vsix is ${size} bytes (limit ${VSIX_MAX_BYTES})`);
  const names = (await readZipDirectory(vsix)).map((e) => e.name);
  for (const n of names) if (!VSIX_ALLOWED.some((re) => re.test(n))) problems.push(`unexpected file in the .vsix: ${n}`);
  for (const n of VSIX_REQUIRED) if (!names.includes(n)) problems.push(`missing from the .vsix: ${n}`);
  const entry = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  execFileSync(process.execPath, [entry, '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'), '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const listed = execFileSync(process.execPath, [entry, '--user-data-dir', path.join(tmp, 'user-data'), '--extensions-dir', path.join(tmp, 'extensions'), '--list-extensions'], { env, timeout: 60_000 }).toString();
  if (!listed.split('\n').includes('go-proxy-doctor.go-proxy-doctor')) problems.push(`not installed: --list-extensions says ${JSON.stringify(listed)}`);
  return problems;
}

async function startServer(csDir: string, tmp: string, trusted: boolean, env: NodeJS.ProcessEnv): Promise<{ port: number; child: ChildProcess; log: string[] }> {
  const port = await freePort();
  const entry = path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const args = [
    entry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', path.join(tmp, 'user-data'),
    '--extensions-dir', path.join(tmp, 'extensions'),
    '--config', path.join(tmp, 'config.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--disable-proxy',
    ...(trusted ? ['--disable-workspace-trust'] : []),
  ];
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const log: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 30 s:\n${log.join('')}`)), 30_000);
    const onData = (d: Buffer) => {
      log.push(d.toString());
      if (/HTTP server listening on/.test(d.toString())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code}:\n${log.join('')}`));
    });
  });
  return { port, child, log };
}

/**
 * Pointer actions the tests ask for, which the extension host has no API for: the test writes
 * a JSON request into `request` and waits for the answer in `done`.
 *   {"action": "follow-terminal-link", "text": T}: hover the visible terminal row showing T,
 *   then Ctrl+click it, as a person follows a terminal link.
 */
async function servePageRequests(page: Page, request: string, done: string, running: () => boolean): Promise<void> {
  while (running()) {
    if (!fs.existsSync(request)) {
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    const req = JSON.parse(fs.readFileSync(request, 'utf8')) as { action?: string; text?: string };
    fs.rmSync(request);
    let answer = 'ok';
    try {
      if (req.action !== 'follow-terminal-link' || !req.text) throw new Error(`unknown page request ${JSON.stringify(req)}`);
      const row = page.locator('.xterm-rows > div', { hasText: req.text }).filter({ visible: true }).last();
      const box = await row.boundingBox({ timeout: 10_000 });
      if (!box) throw new Error(`no visible terminal row shows ${JSON.stringify(req.text)}`);
      const x = box.x + 24;
      const y = box.y + box.height / 2;
      // Links are detected on hover; following one takes the modifier (Ctrl on Linux).
      await page.mouse.move(x, y + 30);
      await page.mouse.move(x, y, { steps: 4 });
      await page.waitForTimeout(1000);
      await page.keyboard.down('Control');
      await page.mouse.click(x, y);
      await page.keyboard.up('Control');
    } catch (e) {
      answer = `error: ${(e as Error).message}`;
    }
    fs.writeFileSync(done, answer);
  }
}

async function runSession(csDir: string, browser: Browser, s: Session): Promise<Counts> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `gpd-vscode-${s.name}-`));
  cleanups.push(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const workspace = path.join(tmp, 'workspace');
  if (s.fixture) fs.cpSync(s.fixture, workspace, { recursive: true });
  else fs.mkdirSync(workspace);
  const home = path.join(tmp, 'home');
  for (const d of ['home', 'xdg-config', 'xdg-data', 'xdg-cache', 'tmp', 'gopath', 'user-data/User', 'extensions']) fs.mkdirSync(path.join(tmp, d), { recursive: true });
  fs.writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n');
  fs.writeFileSync(
    path.join(tmp, 'user-data', 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
      'security.workspace.trust.emptyWindow': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'workbench.colorTheme': 'Default Dark Modern',
      'window.commandCenter': false,
      // Tests never leave the machine: network checks are off, and the proxy is loopback.
      'goProxyDoctor.offline': true,
      'goProxyDoctor.probeIntervalMinutes': 0,
    }),
  );
  const results = path.join(tmp, 'results.json');
  const testLog = path.join(tmp, 'tests.log');
  const calls = path.join(tmp, 'go-calls.txt');
  const shimBin = goShim(tmp, calls);
  const env: NodeJS.ProcessEnv = {
    PATH: `${shimBin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    LANG: 'C.UTF-8',
    HOME: home,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
    TMPDIR: path.join(tmp, 'tmp'),
    EXTENSIONS_GALLERY: '{}',
    // The server would otherwise take PATH and more from a login shell; the extension host
    // must see exactly this environment (the go shim first on PATH).
    VSCODE_CLI: '1',
    // A complete Go environment that cannot reach the network.
    GOPATH: path.join(tmp, 'gopath'),
    GOMODCACHE: path.join(tmp, 'gopath', 'pkg', 'mod'),
    GOENV: path.join(home, 'go-env'),
    GOCACHE: path.join(tmp, 'xdg-cache', 'go-build'),
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    // The discard port on loopback, where nothing listens: go and the doctor fail fast and
    // stay on the machine (tests match go's error text with this address).
    GOPROXY: 'http://127.0.0.1:9/',
    GOSUMDB: 'off',
    GPD_VSCODE_SUITE: s.name,
    GPD_VSCODE_LABEL: s.name,
    ...(process.env.GPD_VSCODE_GREP ? { GPD_VSCODE_GREP: process.env.GPD_VSCODE_GREP } : {}),
    // Where the activation session writes its timings (the benchmark sets it).
    ...(process.env.GPD_ACTIVATION_OUT ? { GPD_ACTIVATION_OUT: process.env.GPD_ACTIVATION_OUT } : {}),
    GPD_VSCODE_RESULTS: results,
    GPD_VSCODE_LOG: testLog,
    GPD_GO_CALLS: calls,
    GPD_WORKSPACE: workspace,
    ...(s.screenshot ? { GPD_SCREENSHOT_READY: path.join(tmp, 'ready'), GPD_SCREENSHOT_DONE: path.join(tmp, 'done') } : {}),
    GPD_PAGE_REQUEST: path.join(tmp, 'page-request'),
    GPD_PAGE_DONE: path.join(tmp, 'page-done'),
    ...s.env,
  };
  let vsixProblems: string[] = [];
  let devPath = REPO;
  if (s.vsix) {
    vsixProblems = await packageAndInstall(csDir, tmp, env);
    // Tests run only beside an extension under development: an empty one, so that the
    // extension tested is the installed .vsix.
    devPath = path.join(tmp, 'test-host');
    fs.mkdirSync(devPath);
    fs.writeFileSync(path.join(devPath, 'package.json'), JSON.stringify({ name: 'gpd-test-host', publisher: 'gpd', version: '0.0.0', engines: { vscode: '^1.100.0' } }));
  }
  env.GPD_EXPECT_EXTENSION_DIR = s.vsix ? path.join(tmp, 'extensions') : REPO;
  const server = await startServer(csDir, tmp, s.trusted, env);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] });
  cleanups.push(() => void context.close().catch(() => undefined));
  const page = await context.newPage();
  let exitCode: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (exitCode = resolve));
  await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
    if (process.env.GPD_VSCODE_VERBOSE) console.log(`[${s.name}:${type}]`, ...(Array.isArray(args) ? args : [args]));
  });
  await page.exposeFunction('codeAutomationExit', (code: number) => exitCode(code));
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(devPath)],
    ['extensionTestsPath', remote(s.tests)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);

  // Screenshots: the tests write the picture's name into the "ready" file and wait for "done".
  let shooting = true;
  let shot: Promise<void> = Promise.resolve();
  if (s.screenshot) {
    const ready = env.GPD_SCREENSHOT_READY!;
    const dir = s.screenshot;
    shot = (async () => {
      while (shooting) {
        if (!fs.existsSync(ready)) {
          await new Promise((r) => setTimeout(r, 100));
          continue;
        }
        const name = path.basename(fs.readFileSync(ready, 'utf8').trim() || 'workbench.png');
        fs.rmSync(ready);
        if (name !== 'workbench.png') await page.mouse.move(1100, 650); // away from the last hover
        if (name === 'workbench.png') {
          // Point at the first squiggle so that its hover (message, code link, related places) shows.
          // (The mouse is moved, not `hover()`ed: scrolling the element into view would move the editor.)
          const box = await page.locator('.squiggly-error, .squiggly-warning').first().boundingBox().catch(() => null);
          if (box) {
            await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 8);
            await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
          }
        }
        if (name.includes('tooltip')) {
          // Hovers cannot be opened from the extension host: point at the status bar item.
          await page.locator('[aria-label^="Go Proxy:"]').first().hover().catch((e: Error) => console.log(`hover: ${e.message}`));
        }
        await page.waitForTimeout(1200); // let hovers, menus and the tree render
        fs.mkdirSync(dir, { recursive: true });
        await page.screenshot({ path: path.join(dir, name) });
        fs.writeFileSync(env.GPD_SCREENSHOT_DONE!, name);
        console.log(`screenshot: ${path.relative(REPO, path.join(dir, name))}`);
      }
    })();
  }

  const pointing = servePageRequests(page, env.GPD_PAGE_REQUEST!, env.GPD_PAGE_DONE!, () => shooting);

  const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), SESSION_TIMEOUT_MS).unref());
  const code = await Promise.race([exited, timeout]);
  shooting = false;
  await shot;
  await pointing;
  if (fs.existsSync(testLog)) process.stdout.write(fs.readFileSync(testLog, 'utf8'));
  let counts: Counts = { passed: 0, failed: 1, pending: 0 };
  if (fs.existsSync(results)) counts = JSON.parse(fs.readFileSync(results, 'utf8')) as Counts;
  else if (s.screenshot && code === 0) counts = { passed: 0, failed: 0, pending: 0 };
  if (code === -1) {
    console.log(`  ✗ ${s.name}: no result within ${SESSION_TIMEOUT_MS / 1000} s\n${server.log.join('').slice(-4000)}`);
    counts = { ...counts, failed: Math.max(1, counts.failed) };
  } else if (code !== 0 && counts.failed === 0) {
    console.log(`  ✗ ${s.name}: the tests exited with ${code}\n${server.log.join('').slice(-4000)}`);
    counts = { ...counts, failed: 1 };
  }
  if (s.vsix) {
    for (const p of vsixProblems) console.log(`  ✗ vscode/${s.name}: ${p}`);
    if (vsixProblems.length) counts.failed++;
    else {
      counts.passed++;
      console.log(`  ✓ vscode/${s.name}: the .vsix holds only allowlisted files, is small, and installs`);
    }
  }
  await context.close().catch(() => undefined);
  try {
    process.kill(-server.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  return counts;
}

async function main(): Promise<number> {
  const screenshotOnly = process.argv.includes('--screenshot');
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js')) || !fs.existsSync(path.join(REPO, 'dist', 'worker.js'))) {
    console.error('dist/extension.js and dist/worker.js are missing: run `npm run build` first');
    return 1;
  }
  const csDir = codeServerDir();
  const fixture = path.join(OUT, 'test', 'fixtures', 'vscode', 'broken');
  const suite = (name: string) => path.join(OUT, 'test', 'vscode', 'suite', name);
  const sessions: Session[] = screenshotOnly
    ? // With the default GOSUMDB the pictures show the workspace's own problems.
      [{ name: 'screenshot', tests: suite('screenshot.js'), trusted: true, fixture, screenshot: path.join(REPO, 'docs', 'images'), env: { GOSUMDB: '' } }]
    : [
        { name: 'trusted', tests: suite('index.js'), trusted: true, fixture },
        { name: 'untrusted', tests: suite('index.js'), trusted: false, fixture },
        // The same suite against the packaged extension (GPD_VSCODE_SUITE selects its tests).
        { name: 'vsix', tests: suite('index.js'), trusted: true, fixture, vsix: true, env: { GPD_VSCODE_SUITE: 'trusted' } },
        // A workspace that activates nothing, so that the test times a cold activation.
        { name: 'activation', tests: suite('index.js'), trusted: true },
      ];
  // GPD_VSCODE_SESSIONS=trusted,vsix runs only those (while working on the suite).
  const only = process.env.GPD_VSCODE_SESSIONS?.split(',').filter(Boolean);
  if (only?.length) sessions.splice(0, sessions.length, ...sessions.filter((s) => only.includes(s.name)));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  cleanups.push(() => void browser.close().catch(() => undefined));
  const total: Counts = { passed: 0, failed: 0, pending: 0 };
  for (const s of sessions) {
    const t0 = Date.now();
    let c: Counts;
    try {
      c = await runSession(csDir, browser, s);
    } catch (e) {
      console.log(`  ✗ ${s.name}: ${(e as Error).stack ?? e}`);
      c = { passed: 0, failed: 1, pending: 0 };
    }
    console.log(`vscode/${s.name}: ${c.passed} passed, ${c.failed} failed, ${c.pending} pending (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    total.passed += c.passed;
    total.failed += c.failed;
    total.pending += c.pending;
  }
  await browser.close().catch(() => undefined);
  if (process.env.GPD_TEST_STATS && !screenshotOnly) fs.appendFileSync(process.env.GPD_TEST_STATS, JSON.stringify({ suite: 'vscode', ...total }) + '\n');
  console.log(`${total.passed} passed, ${total.failed} failed`);
  return total.failed > 0 || (total.passed === 0 && !screenshotOnly) ? 1 : 0;
}

main().then(
  (code) => {
    cleanupAll();
    process.exit(code);
  },
  (e) => {
    console.error(e);
    cleanupAll();
    process.exit(1);
  },
);
