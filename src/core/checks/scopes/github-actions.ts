import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { judgeAssignments, problemFindings } from './judge-assignments';

export const githubActions: Check = {
  id: 'GPD203',
  slug: 'github-actions',
  layer: 'scopes',
  title: 'Go variables in GitHub Actions workflows',
  needs: {},
  timeoutMs: 10000,
  doc: `Reads \`.github/workflows/*.yml\`: \`env:\` at workflow, job and step level (a step's
value wins over its job's, a job's over the workflow's), and \`run:\` scripts that
\`export\`, \`go env -w\` or append \`NAME=value\` to \`$GITHUB_ENV\`. Every GOPROXY-family value
is checked with the GPD1xx rules at its exact position, with the repair as an edit of the
value. \`\${{ … }}\` expressions are resolved by the runner and are not judged.`,
  examples: {
    triggers: { description: 'GOSUMDB with an "insecure" suffix', files: { '.github/workflows/ci.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GOSUMDB: sum.golang.org+insecure\n    steps:\n      - run: go build ./...\n' } },
    passes: { description: 'the default checksum database', files: { '.github/workflows/ci.yml': 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n      GOSUMDB: sum.golang.org\n    steps:\n      - run: go build ./...\n' } },
  },
  async run(ctx) {
    const ws = await ctx.workspace();
    const findings: Finding[] = [
      ...problemFindings('GPD203', ws, ['github-actions'], (f) => /[\\/]\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/.test(f), ctx.host.homedir),
      ...(await judgeAssignments(ctx, ['github-actions'])),
    ];
    return { findings };
  },
};
