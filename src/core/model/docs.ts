/** Where the check documentation lives (one section per id in docs/checks.md). */
export const DOCS_BASE = 'https://github.com/go-proxy-doctor/go-proxy-doctor/blob/main/docs/checks.md';

export function docsUrl(id: string, slug: string): string {
  return `${DOCS_BASE}#${id.toLowerCase()}-${slug}`;
}
