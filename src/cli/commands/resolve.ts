import type { CliIO } from '../io';
import { UsageError } from '../args';

export async function runResolve(_argv: string[], _io: CliIO): Promise<number> {
  throw new UsageError('the resolve command is not available in this build yet');
}
