import { SourceText, type ParsedSource } from './source-text';
import { member } from './jsonc';
import { envObject, readJsonc } from './json-env';

/**
 * `devcontainer.json` (containers.dev reference): `containerEnv` is baked into the
 * container (every process sees it), `remoteEnv` only reaches the editor's processes and
 * terminals; `build.args` reaches the image build.
 */
export function parseDevcontainer(src: SourceText): ParsedSource {
  const out: ParsedSource = { assignments: [], problems: [] };
  const root = readJsonc(src, out.problems);
  if (!root) return out;
  if (root.type !== 'object') {
    out.problems.push(src.problem('devcontainer.json must hold an object', root.start, root.end));
    return out;
  }
  out.assignments.push(...envObject(src, member(root, 'containerEnv')?.value, 'devcontainer', 'containerEnv', undefined, out.problems));
  out.assignments.push(...envObject(src, member(root, 'remoteEnv')?.value, 'devcontainer', 'remoteEnv', undefined, out.problems));
  out.assignments.push(...envObject(src, member(member(root, 'build')?.value, 'args')?.value, 'devcontainer', 'build.args', undefined, out.problems));
  return out;
}
