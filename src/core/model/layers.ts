export type Layer = 'environment' | 'scopes' | 'dns' | 'connection' | 'tls' | 'protocol' | 'integrity' | 'cache';

export const LAYERS: ReadonlyArray<{ id: Layer; digit: number; title: string }> = [
  { id: 'environment', digit: 1, title: 'Environment' },
  { id: 'scopes', digit: 2, title: 'Scopes' },
  { id: 'dns', digit: 3, title: 'DNS' },
  { id: 'connection', digit: 4, title: 'Connection and HTTP proxy' },
  { id: 'tls', digit: 5, title: 'TLS' },
  { id: 'protocol', digit: 6, title: 'GOPROXY protocol and chain' },
  { id: 'integrity', digit: 7, title: 'Mirrors and checksum database' },
  { id: 'cache', digit: 8, title: 'Module cache' },
];

export function isLayer(s: string): s is Layer {
  return LAYERS.some((l) => l.id === s);
}
