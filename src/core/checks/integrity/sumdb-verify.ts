import type { Check } from '../../model/check';
import type { Finding, Fix } from '../../model/result';
import { SumdbError } from '../../sumdb/client';
import { GOSUMDB_OFF_FIX, clientOf, goStoredLatest, latestOf, lookupsOf, routeOf, sumdbSkipReason } from './integrity-common';
import { deleteLineEdit } from '../cache/cache-common';

export const sumdbVerify: Check = {
  id: 'GPD704',
  slug: 'sumdb-verify',
  layer: 'integrity',
  title: 'The checksum database answers verify, and agree with go.sum',
  needs: { network: true },
  timeoutMs: 120_000,
  doc: `Checks the checksum database the way go's client does (golang.org/x/mod sumdb/client.go, note/note.go, tlog/):

- the signed tree head verifies with the key in GOSUMDB (the built-in \`sum.golang.org+033de0ae+…\` by default): otherwise go fails with \`reading tree note: invalid signature for key …\` or \`note has no verifiable signatures\`;
- the tree head go stored after its last lookup (\`$GOPATH/pkg/sumdb/<name>/latest\`) is a prefix of the one served now, proven with tiles: otherwise go stops with \`SECURITY ERROR\\ngo.sum database server misbehavior detected!\`;
- every go.sum module go would check there (not matched by GONOSUMDB/GOPRIVATE) is looked up at \`/lookup/<module>@<version>\`, and its record is proven to be in the signed tree through authenticated tiles (\`cannot authenticate record data in server response\` otherwise);
- the go.sum lines equal the database's lines: otherwise the next download of that version fails with \`verifying module: checksum mismatch … SECURITY ERROR\\nThis download does NOT match the one reported by the checksum server.\`

404/410 answers are left to GPD705. Fixes never prefer \`GOSUMDB=off\`.`,
  examples: {
    triggers: { description: 'the database signs its tree head with another key than GOSUMDB names', lab: 'sumdb-bad-signature' },
    passes: { description: 'an honest lab checksum database', lab: 'sumdb-honest' },
  },
  appliesTo: (ctx) => sumdbSkipReason(ctx),
  async run(ctx, signal) {
    const route = await routeOf(ctx, signal);
    if (!route.base) return { findings: [], status: 'skipped', reason: 'the checksum database is unreachable (GPD703)' };
    // The lookups need only the route: they run while the tree head is read and checked
    // (not behind GPD703, which reads the same memoized route and tree head).
    const lookups = lookupsOf(ctx, signal);
    lookups.catch(() => undefined);
    const findings: Finding[] = [];
    const where = `${route.name} at ${route.base}`;
    let latest;
    try {
      latest = await latestOf(ctx, route, signal);
    } catch (e) {
      if (signal.aborted) throw e;
      const err = e as SumdbError;
      if (err.code === 'note' || err.code === 'tree') {
        findings.push({
          id: 'GPD704', severity: 'error',
          message: `The checksum database ${where} serves a tree head that does not verify with the key in GOSUMDB: go fails every lookup with \`verifying module: <module>@<version>: ${err.message.split('\n')[0]}\`. Either GOSUMDB names the wrong key for this database, or something between you and it rewrites its answers.`,
          variable: 'GOSUMDB',
          evidence: [`key: ${route.key}`, `GET ${route.base}/latest →`, ...err.message.split('\n').slice(1).filter(Boolean).map((l) => `  ${l}`)],
          fixes: [GOSUMDB_OFF_FIX],
        });
        return { findings, data: { route } };
      }
      return { findings: [], status: 'skipped', reason: `the tree head could not be read: ${err.message}` };
    }
    const evidence0 = [`tree head: ${latest.tree.N} records, hash ${latest.tree.hash.toString('base64')}, signed by ${route.key.split('+').slice(0, 2).join('+')}`];
    const stored = await goStoredLatest(ctx, route.name);
    if (stored) {
      const client = clientOf(ctx, route, signal);
      try {
        const old = client.openTree(stored.note);
        await client.checkConsistency(old, latest);
        evidence0.push(`go's stored tree head ${stored.file} (${old.tree.N} records) is a prefix of the served tree`);
      } catch (e) {
        if (signal.aborted) throw e;
        const err = e as SumdbError;
        if (err.code === 'fork') {
          findings.push({
            id: 'GPD704', severity: 'error',
            message: `The checksum database ${where} has rewritten its history since go last used it: go stops with \`SECURITY ERROR\ngo.sum database server misbehavior detected!\`. Do not trust downloads verified by it until this is explained.`,
            evidence: [...evidence0, `stored by go: ${stored.file}`, ...err.message.split('\n').filter(Boolean)],
            fixes: [{ title: `Only after the cause is known: forget go's stored tree head (go's own recovery: mod_sumdb.txt)`, preferred: false, kind: 'command', command: `rm '${stored.file}' && go clean -modcache` }],
          });
        } else {
          evidence0.push(`go's stored tree head ${stored.file} could not be checked: ${err.message.split('\n')[0]}`);
        }
      }
    }
    const { outcomes, skipped } = await lookups;
    const table: Array<Record<string, unknown>> = [];
    for (const o of outcomes) {
      const m = o.module;
      const spec = `${m.path}@${m.version}`;
      if (o.error) {
        table.push({ module: spec, error: o.error.message.split('\n')[0], code: o.error.code });
        if (o.error.code === 'not-found') continue;
        const verifying = m.zip.length ? 'verifying module' : 'verifying go.mod';
        findings.push({
          id: 'GPD704', severity: o.error.code === 'inclusion' || o.error.code === 'note' || o.error.code === 'record' ? 'error' : 'warning',
          message: `The checksum database's answer for ${spec} does not verify: go fails with \`${spec}: ${verifying}: ${spec}${m.zip.length ? '' : '/go.mod'}: ${o.error.message.split('\n')[0]}\`.`,
          evidence: [...evidence0, `GET ${route.base}/lookup/… → ${o.error.message.split('\n')[0]}`],
          fixes: o.error.code === 'inclusion' ? [] : [GOSUMDB_OFF_FIX],
        });
        continue;
      }
      const r = o.result!;
      const dbZip = r.lines.find((l) => l.split(' ')[1] === m.version)?.split(' ')[2];
      const dbMod = r.lines.find((l) => l.split(' ')[1] === `${m.version}/go.mod`)?.split(' ')[2];
      table.push({ module: spec, record: r.id, zip: dbZip, mod: dbMod });
      const rows = [...m.zip.map((l) => ({ l, db: dbZip, what: spec, verifying: 'verifying module' })), ...m.mod.map((l) => ({ l, db: dbMod, what: `${spec}/go.mod`, verifying: 'verifying go.mod' }))];
      for (const row of rows) {
        if (!row.db || row.db === row.l.hash) continue;
        const fixes: Fix[] = [{ title: 'Remove the go.sum line so that go records the database\'s hash again (after checking why they differ)', preferred: false, kind: 'edit', edits: [deleteLineEdit(row.l.location)] }];
        findings.push({
          id: 'GPD704', severity: 'error',
          message: `go.sum and the checksum database disagree on ${row.what}. go trusts go.sum while the line is there, and fails with \`${row.verifying}: checksum mismatch\` (SECURITY ERROR) as soon as it asks the database, e.g. in a fresh clone with that line missing.`,
          location: row.l.location,
          evidence: [`go.sum:          ${row.l.hash}  (${row.l.file}:${row.l.location.startLine})`, `${route.name}: ${row.db}  (record ${r.id}, proven in the signed tree of ${r.signed.tree.N})`],
          fixes,
        });
      }
    }
    if (skipped) findings.push({ id: 'GPD704', severity: 'info', message: `${skipped} more go.sum versions were not looked up (limit of the run).`, evidence: [], fixes: [] });
    return { findings, data: { route, tree: { N: latest.tree.N, hash: latest.tree.hash.toString('base64') }, lookups: table } };
  },
};
