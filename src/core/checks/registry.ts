import type { Check } from '../model/check';
import { LAYERS } from '../model/layers';
import { environmentChecks } from './environment/index';
import { scopesChecks } from './scopes/index';
import { dnsChecks } from './dns/index';
import { connectionChecks } from './connection/index';
import { tlsChecks } from './tls/index';
import { protocolChecks } from './protocol/index';
import { integrityChecks } from './integrity/index';
import { cacheChecks } from './cache/index';

/** Every check, in the order results are reported (by layer, then id). */
export function allChecks(): Check[] {
  const list = [
    ...environmentChecks, ...scopesChecks, ...dnsChecks, ...connectionChecks,
    ...tlsChecks, ...protocolChecks, ...integrityChecks, ...cacheChecks,
  ];
  const order = new Map(LAYERS.map((l, i) => [l.id, i]));
  return list.sort((a, b) => order.get(a.layer)! - order.get(b.layer)! || a.id.localeCompare(b.id));
}

/**
 * Keeps the checks named by `only` (ids, slugs or layers; empty = all) minus `skip`, plus
 * the dependencies of what is kept, so that a dependent never runs blind.
 */
export function selectChecks(checks: readonly Check[], only: readonly string[], skip: readonly string[]): Check[] {
  const matches = (c: Check, sel: readonly string[]) => sel.some((s) => s.toUpperCase() === c.id || s === c.slug || s === c.layer);
  let chosen = checks.filter((c) => (only.length === 0 || matches(c, only)) && !matches(c, skip));
  const byId = new Map(checks.map((c) => [c.id, c]));
  const need = new Set(chosen.map((c) => c.id));
  const queue = [...chosen];
  while (queue.length) {
    const c = queue.pop()!;
    for (const d of c.dependsOn ?? []) {
      if (!need.has(d) && byId.has(d)) {
        need.add(d);
        queue.push(byId.get(d)!);
      }
    }
  }
  chosen = checks.filter((c) => need.has(c.id));
  return chosen;
}

/** Unknown names in a selection (for a usage error). */
export function unknownSelectors(checks: readonly Check[], sel: readonly string[]): string[] {
  return sel.filter((s) => !checks.some((c) => s.toUpperCase() === c.id || s === c.slug) && !LAYERS.some((l) => l.id === s));
}
