import type { CliIO } from '../io';
import { UsageError } from '../args';

export async function runExplain(_argv: string[], _io: CliIO): Promise<number> {
  throw new UsageError('the explain command is not available in this build yet');
}
