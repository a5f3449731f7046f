/** bench/results.json and the table of BENCHMARKS.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { round } from './stats';

export interface BenchResults {
  generatedAt: string;
  mode: 'full' | 'quick';
  runsPerMeasurement: number;
  machine: Record<string, unknown>;
  scenarios: Record<string, Record<string, unknown>>;
  /** Scenarios that broke, with the error. */
  broken: Record<string, string>;
}

const START = '<!-- bench:table:start (written by npm run bench) -->';
const END = '<!-- bench:table:end -->';

type Row = [scenario: string, figure: string, value: string, target: string, met: string];

function num(x: unknown, unit = ''): string {
  return typeof x === 'number' ? `${round(x)}${unit}` : x === null || x === undefined ? 'not measured' : String(x);
}

function spread(s: unknown, unit = ''): string {
  const v = s as { median?: number; min?: number; max?: number } | undefined;
  return v && typeof v.median === 'number' ? `${round(v.median)}${unit} (${round(v.min!)}–${round(v.max!)})` : '—';
}

function met(ok: boolean | null): string {
  return ok === null ? 'n/a' : ok ? 'yes' : '**no**';
}

/** One row per figure of issue 7, with its target and whether it is reached. */
export function tableRows(r: BenchResults): Row[] {
  const s = r.scenarios;
  const rows: Row[] = [];
  const f = s['full-vs-sequential'] as Record<string, any> | undefined;
  if (f) {
    rows.push(['1 full diagnosis', 'doctor ÷ sequential', spread(f.ratios?.vsSequential), '≤ 0.25', met(f.ratio <= 0.25)]);
    rows.push(['', 'doctor ÷ manual checklist', spread(f.ratios?.vsManual), '—', 'n/a']);
    rows.push(['', 'doctor ÷ slowest single chain', spread(f.ratios?.vsSlowestChain), '≤ 1.3', met(f.ratioVsSlowestChain <= 1.3)]);
    rows.push(['', 'seconds: doctor / sequential / manual / one chain', `${spread(f.seconds?.doctor)} / ${spread(f.seconds?.sequential)} / ${spread(f.seconds?.manual)} / ${spread(f.seconds?.slowestChain)}`, '—', 'n/a']);
  }
  const st = s['stalled-proxy'] as Record<string, any> | undefined;
  if (st) {
    rows.push(['2 stalled proxy', 'doctor seconds to a verdict', spread(st.seconds?.doctor, ' s'), `≤ ${st.configuredTimeoutMs / 1000} s (configured timeout)`, met(st.withinTimeout)]);
    rows.push(['', 'ms until the first check reported the stall (inside the process)', spread(st.firstErrorCheckMs), '—', 'n/a']);
    rows.push(['', '`go mod download` seconds', `${spread(st.seconds?.go, ' s')} — ${st.goCapped}`, '—', 'n/a']);
  }
  const c = s['cache-verify'] as Record<string, any> | undefined;
  if (c) {
    rows.push(['3 cache verification', `doctor ÷ \`go mod verify\`, warm (${c.cache?.versions} versions, ${c.cache?.megabytes} MB)`, spread(c.warm?.ratio), '≤ 1.0', met(c.ratio <= 1)]);
    rows.push(['', 'doctor ÷ `go mod verify`, cold', typeof c.cold === 'string' ? c.cold : spread(c.cold?.ratio), '≤ 1.0', typeof c.ratioCold === 'number' ? met(c.ratioCold <= 1) : 'n/a']);
    rows.push(['', 'seconds warm: doctor / go; cold: doctor / go', `${spread(c.warm?.seconds?.doctor)} / ${spread(c.warm?.seconds?.go)}; ${typeof c.cold === 'string' ? '—' : `${spread(c.cold?.seconds?.doctor)} / ${spread(c.cold?.seconds?.go)}`}`, '—', 'n/a']);
    rows.push(['', 'peak RSS MB: doctor / go (warm)', `${spread(c.warm?.rssMB?.doctor)} / ${spread(c.warm?.rssMB?.go)}`, '< 200', met(c.rssMB < 200)]);
  }
  const k = s['cold-start'] as Record<string, any> | undefined;
  if (k) {
    rows.push(['4 cold start', '`explain` ÷ `go env -json`', spread(k.ratios?.explainVsGoEnv), '—', 'n/a']);
    rows.push(['', 'seconds: explain / go env -json / cli --version / node -e 0', `${spread(k.seconds?.explain)} / ${spread(k.seconds?.goEnvJson)} / ${spread(k.seconds?.cliVersion)} / ${spread(k.seconds?.nodeBare)}`, '—', 'n/a']);
    rows.push(['', 'activation in the extension host', k.activationMs === null ? 'not measured yet' : num(k.activationMs, ' ms'), '< 20 ms', k.activationMs === null ? 'n/a' : met(k.activationMs < 20)]);
    for (const [name, b] of Object.entries(k.bundles ?? {}) as Array<[string, { KB: number; gzipKB: number }]>) {
      rows.push(['', `${name} KB (gzip)`, `${b.KB} (${b.gzipKB})`, name.endsWith('extension.js') ? '< 150' : '—', name.endsWith('extension.js') ? met(b.KB < 150) : 'n/a']);
    }
  }
  const m = s['monorepo'] as Record<string, any> | undefined;
  if (m) {
    rows.push(['5 monorepo', `seconds (${m.workspace?.goModFiles} go.mod, ${m.workspace?.ciAndDockerFiles} CI/Docker files)`, spread(m.diagnose?.seconds, ' s'), '< 3 s', met(m.seconds < 3)]);
    rows.push(['', 'peak RSS MB', spread(m.diagnose?.rssMB), '< 300', met(m.rssMB < 300)]);
  }
  for (const [name, err] of Object.entries(r.broken)) rows.push([name, 'broke', err.split('\n')[0].slice(0, 200), '—', '**no**']);
  return rows;
}

export function renderTable(r: BenchResults): string {
  const mc = r.machine;
  const head = [
    `Measured ${r.generatedAt} (${r.mode} mode, ${r.runsPerMeasurement} runs per figure, medians with min–max; every ratio is doctor ÷ other, taken run by run side by side) on ${mc.cpu} × ${mc.cores}, ${mc.memoryGB} GB, ${mc.os}; Node ${mc.node}, ${mc.go}; build ${mc.commit}.`,
    '',
    '| scenario | figure | median (min–max) | target | reached |',
    '|---|---|---|---|---|',
  ];
  return [...head, ...tableRows(r).map((row) => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');
}

/**
 * A figure in the prose of BENCHMARKS.md: `<!--fig:PATH-->value<!--/fig-->`, PATH a dotted path
 * into results.json, looked up under `scenarios` first (`cache-verify.warm.ratio.median`), then
 * from the top (`machine.cores`). The value between the marks is rewritten from the results on
 * every run, so no figure in the text is typed by hand and none can go stale.
 */
const FIGURE = /<!--fig:([^>]+?)-->[^\n]*?<!--\/fig-->/g;

/** The value at a dotted path (keys may contain dots, e.g. `bundles.dist/cli.js.KB`). */
export function figureAt(r: BenchResults, path: string): unknown {
  const walk = (o: unknown, rest: string): unknown => {
    if (rest === '') return o;
    if (o === null || typeof o !== 'object') return undefined;
    // Longest key first, so `dist/cli.js` wins over `dist/cli`.
    const keys = Object.keys(o).filter((k) => rest === k || rest.startsWith(`${k}.`)).sort((a, b) => b.length - a.length);
    for (const k of keys) {
      const v = walk((o as Record<string, unknown>)[k], rest.slice(k.length + 1));
      if (v !== undefined) return v;
    }
    return undefined;
  };
  const v = walk(r.scenarios, path);
  return v !== undefined ? v : walk(r, path);
}

/** Fills every figure mark of `text` from the results. */
export function fillFigures(text: string, r: BenchResults): string {
  return text.replace(FIGURE, (_m, p: string) => `<!--fig:${p}-->${num(figureAt(r, p))}<!--/fig-->`);
}

/** BENCHMARKS.md as the results make it: the generated table, and every figure of the prose. */
export function renderBenchmarksMd(text: string, r: BenchResults): string {
  const table = `${START}\n${renderTable(r)}\n${END}`;
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  text = a >= 0 && b > a ? text.slice(0, a) + table + text.slice(b + END.length) : `${text.trimEnd()}\n\n${table}\n`;
  return fillFigures(text, r);
}

/** Rewrites the generated table and the figures of BENCHMARKS.md, keeping the written text around them. */
export function updateBenchmarksMd(file: string, r: BenchResults): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  writeFileSync(file, renderBenchmarksMd(text, r));
}

export function writeResults(file: string, r: BenchResults): void {
  writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
}
