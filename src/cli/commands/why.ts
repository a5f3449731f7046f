import type { CliIO } from '../io';
import { UsageError } from '../args';

export async function runWhy(_argv: string[], _io: CliIO): Promise<number> {
  throw new UsageError('the why command is not available in this build yet');
}
