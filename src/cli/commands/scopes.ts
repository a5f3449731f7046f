import type { CliIO } from '../io';
import { UsageError } from '../args';

export async function runScopes(_argv: string[], _io: CliIO): Promise<number> {
  throw new UsageError('the scopes command is not available in this build yet');
}
