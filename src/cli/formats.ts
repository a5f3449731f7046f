import type { Report } from '../core/report/report';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** Machine formats. `text` is rendered by the command itself (it knows the terminal). */
export function renderReport(report: Report, format: Format): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    default:
      throw new Error(`no renderer for ${format}`);
  }
}
