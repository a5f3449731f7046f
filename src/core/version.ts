/** Replaced at bundle time from package.json; the fallback serves unbundled test runs. */
declare const __GPD_VERSION__: string | undefined;
export const VERSION: string = typeof __GPD_VERSION__ === 'string' ? __GPD_VERSION__ : '0.0.0-dev';
