import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { buildTables, tableLines } from './scope-table';

export const scopeDivergence: Check = {
  id: 'GPD201',
  slug: 'scope-divergence',
  layer: 'scopes',
  title: 'Same variable, different values in different places',
  needs: {},
  timeoutMs: 10000,
  doc: `Finds every place a Go variable is written — the process environment, the go/env file
(\`go env -w\`), shell rc files, \`.envrc\`/\`.env\`, VS Code (\`go.toolsEnvVars\`,
\`terminal.integrated.env.*\`), \`.gitlab-ci.yml\`, GitHub workflows, Dockerfiles,
devcontainer.json and systemd units — and shows, per variable, one table: every scope, its
value, and where each value is the one in effect.

Why: go reads only its own process environment, then the go/env file, then its default
(\`go@1.19.8 src/cmd/go/internal/cfg/cfg.go:275-290\`; an empty value counts as unset). A value
edited in one place is not the one a CI job, a container build, a service or the editor's
tools see. When the values differ, a fetch that works in the terminal fails elsewhere.`,
  examples: {
    triggers: {
      description: 'GOPROXY is a mirror in CI but the default in the Dockerfile build',
      files: {
        '.gitlab-ci.yml': 'variables:\n  GOPROXY: https://goproxy.example.com,direct\nbuild:\n  script: go build ./...\n',
        'Dockerfile': 'FROM golang:1.22\nENV GOPROXY=https://proxy.golang.org,direct\nRUN go mod download\n',
      },
    },
    passes: {
      description: 'the same GOPROXY everywhere',
      files: {
        '.gitlab-ci.yml': 'variables:\n  GOPROXY: https://goproxy.example.com,direct\n',
        'Dockerfile': 'FROM golang:1.22\nENV GOPROXY=https://goproxy.example.com,direct\n',
      },
    },
  },
  async run(ctx) {
    const ws = await ctx.workspace();
    const tables = buildTables(ws, ctx.env, ctx.dir, ctx.host.homedir);
    const findings: Finding[] = [];
    for (const t of tables) {
      if (t.distinct.length < 2) continue;
      const placed = t.rows.filter((r) => r.location);
      const first = placed[0];
      findings.push({
        id: 'GPD201',
        severity: 'warning',
        variable: t.variable,
        message: `${t.variable} has ${t.distinct.length} different values in ${t.rows.length} places: ${t.distinct.slice(0, 4).map((v) => JSON.stringify(v)).join(', ')}${t.distinct.length > 4 ? ', …' : ''}. go uses only the value of the place it runs in${t.effective.value ? ` (here: ${JSON.stringify(t.effective.value)}, from ${t.effective.source})` : ''}, so a fetch that works in one place can fail in another.`,
        ...(first?.location ? { location: first.location } : {}),
        // A file with thousands of jobs names the first places and counts the rest.
        related: placed.slice(1, MAX_ROWS + 1).map((r) => ({ location: r.location!, message: `${t.variable}=${JSON.stringify(r.value)} (${r.where})` })),
        evidence: tableLines(t, MAX_ROWS),
        fixes: [],
      });
    }
    // The report keeps a bounded table per variable; `scopes` lists every place.
    const data = tables.map((t) => (t.rows.length > MAX_DATA_ROWS ? { ...t, rows: t.rows.slice(0, MAX_DATA_ROWS), omittedRows: t.rows.length - MAX_DATA_ROWS } : t));
    return { findings, data: { tables: data } };
  },
};

/** Places shown per variable in the finding (the data keeps them all). */
const MAX_ROWS = 50;
const MAX_DATA_ROWS = 500;
