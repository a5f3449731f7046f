/**
 * Summary statistics of repeated timings: the median is the reported figure (robust to one
 * slow run on a shared machine), min and max show the spread.
 */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** The median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  if (!xs.length) throw new Error('median of no values');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function summarize(xs: readonly number[]): Summary {
  if (!xs.length) throw new Error('summary of no values');
  for (const x of xs) if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

/**
 * Per-run ratios a[i] ÷ b[i] of runs taken side by side (interleaved), summarized. Pairing
 * cancels drift of the machine's load over the benchmark.
 */
export function pairedRatios(a: readonly number[], b: readonly number[]): Summary {
  if (a.length !== b.length) throw new Error(`paired ratios need equal counts, got ${a.length} and ${b.length}`);
  return summarize(a.map((x, i) => {
    if (b[i] <= 0) throw new Error(`cannot divide by ${b[i]}`);
    return x / b[i];
  }));
}

/** Rounds for display and JSON: 3 significant digits below 100, whole numbers above. */
export function round(x: number): number {
  if (!Number.isFinite(x)) return x;
  const a = Math.abs(x);
  if (a >= 100) return Math.round(x);
  if (a === 0) return 0;
  const digits = 2 - Math.floor(Math.log10(a));
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** "median (min–max)" with a unit. */
export function formatSummary(s: Summary, unit = ''): string {
  return `${round(s.median)}${unit} (${round(s.min)}–${round(s.max)}${unit})`;
}

/** The summary with rounded numbers (for results.json). */
export function roundSummary(s: Summary): Summary {
  return { median: round(s.median), min: round(s.min), max: round(s.max), n: s.n };
}
