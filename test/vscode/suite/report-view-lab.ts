/**
 * A lab for the report view inside the extension host: two lab GOPROXY servers on loopback
 * (plain HTTP answering 404 first, then HTTPS with a self-signed certificate the go
 * environment trusts through SSL_CERT_FILE), the extension's process environment pointed at
 * them, network checks on, and a real chain walk (GPD602) run through the extension's worker.
 * Everything is restored by `close()`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { startGoproxyServer, type GoproxyServer } from '../../lab/goproxy-server';
import { buildModule } from '../../lab/module-fixtures';
import { makeSelfSignedCert } from '../../lab/chain-harness';
import { api } from './helpers';
import type { RunOutcome } from '../../../src/vscode/worker-client';

/** The fixture workspace requires rsc.io/quote v1.5.2: the lab serves it. */
const QUOTE = buildModule({
  path: 'rsc.io/quote', version: 'v1.5.2', time: '2018-02-14T15:44:20Z',
  mod: 'module rsc.io/quote\n',
  files: { 'quote.go': 'package quote\n\nfunc Hello() string { return "Hello, world." }\n' },
});
/** A module no entry has: the walk falls through to the end and fails. */
export const MISSING = 'example.com/missing@v1.0.0';

export interface ReportViewLab {
  http: GoproxyServer;
  https: GoproxyServer;
  outcome: RunOutcome;
  close(): Promise<void>;
}

export async function runChainInLab(): Promise<ReportViewLab> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpd-report-view-'));
  const { key, cert, certFile } = makeSelfSignedCert(dir);
  const http = await startGoproxyServer({ modules: [QUOTE] });
  const https = await startGoproxyServer({ modules: [QUOTE], tls: { key, cert } });
  const saved = { GOPROXY: process.env.GOPROXY, SSL_CERT_FILE: process.env.SSL_CERT_FILE, GOSUMDB: process.env.GOSUMDB };
  process.env.GOPROXY = `${http.url}/s404,${https.url}`;
  process.env.SSL_CERT_FILE = certFile;
  process.env.GOSUMDB = 'off';
  const settings = vscode.workspace.getConfiguration('goProxyDoctor');
  await settings.update('offline', false, vscode.ConfigurationTarget.Global);
  const a = await api();
  const outcome = await a.ctx.diagnose({ only: ['GPD602'], modules: [MISSING] });
  return {
    http, https, outcome,
    close: async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await vscode.workspace.getConfiguration('goProxyDoctor').update('offline', true, vscode.ConfigurationTarget.Global);
      await Promise.all([http.close(), https.close()]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
