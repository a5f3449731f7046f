import type { Check } from '../../model/check';
import type { Finding } from '../../model/result';
import { rfc3339, validityError } from '../../net/tls-verify';
import { certLine, goTlsText, nothingReached, tlsReports } from './tls-common';

/** Beyond this difference between our clock and the server's `Date`, the local clock is suspect. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export const tlsValidity: Check = {
  id: 'GPD503',
  slug: 'tls-validity',
  layer: 'tls',
  title: 'Certificates are within their validity and the clock is right',
  needs: { network: true },
  timeoutMs: 60_000,
  doc: `Checks every presented certificate's validity period against this machine's clock, as go does for the leaf and each chain certificate (go@1.19.8 src/crypto/x509/verify.go:570-588): \`x509: certificate has expired or is not yet valid: current time 2026-11-26T16:38:42Z is after 2026-11-25T16:38:11Z\`.

The server's HTTP \`Date\` header tells whether the certificate or the local clock is wrong: a clock more than 5 minutes off the server's makes valid certificates look expired or not yet valid (common in fresh VMs, containers restored from snapshots, machines without NTP).`,
  examples: {
    triggers: { description: 'the GOPROXY server presents an expired certificate', lab: 'tls-expired' },
    passes: { description: 'the certificate is valid and the clocks agree', lab: 'tls-valid' },
  },
  async run(ctx, signal) {
    const reports = await tlsReports(ctx, signal);
    const unreached = nothingReached(reports);
    if (unreached) return { findings: [], status: 'skipped', reason: unreached };
    const findings: Finding[] = [];
    for (const r of reports) {
      if (r.probe.handshake !== 'ok') continue;
      const now = new Date(r.probe.at);
      const dateHeader = r.probe.http?.date ?? r.probe.http1?.date;
      const serverNow = dateHeader ? new Date(dateHeader) : null;
      const skew = serverNow && !Number.isNaN(serverNow.getTime()) ? now.getTime() - serverNow.getTime() : null;
      const clockWrong = skew !== null && Math.abs(skew) > CLOCK_SKEW_MS;
      r.probe.presented.forEach((c, i) => {
        const v = validityError(c, now);
        if (!v) return;
        const fineForServer = serverNow && !validityError(c, serverNow);
        findings.push({
          id: 'GPD503',
          severity: 'error',
          message: `${i === 0 ? 'The certificate' : `Certificate #${i} of the chain`} of ${r.host.label} ${v.kind === 'expired' ? 'has expired' : 'is not yet valid'} by this machine's clock.${fineForServer ? ` By the server's clock (${dateHeader}) it is valid: this machine's clock is wrong by ${Math.round(Math.abs(skew!) / 60000)} minutes.` : ''} ${goTlsText(r, v.error, ctx.env.go.version)}.`,
          evidence: [certLine(c, i), `local time ${rfc3339(now)}`, ...(dateHeader ? [`server Date: ${dateHeader}`] : [])],
          fixes: fineForServer ? [{ title: 'Synchronise the clock', preferred: true, kind: 'command', command: ctx.env.platform === 'windows' ? 'w32tm /resync' : ctx.env.platform === 'darwin' ? 'sudo sntp -sS time.apple.com' : 'sudo timedatectl set-ntp true' }] : [],
        });
      });
      if (clockWrong && !findings.some((f) => f.message.includes(r.host.label))) {
        findings.push({
          id: 'GPD503',
          severity: 'warning',
          message: `This machine's clock differs from ${r.host.hostname}'s by ${Math.round(skew! / 60000)} minutes (${skew! > 0 ? 'ahead' : 'behind'}). Certificates near the start or end of their validity will be rejected by go.`,
          evidence: [`local time ${rfc3339(now)}`, `server Date: ${dateHeader}`],
          fixes: [{ title: 'Synchronise the clock', preferred: true, kind: 'command', command: ctx.env.platform === 'windows' ? 'w32tm /resync' : ctx.env.platform === 'darwin' ? 'sudo sntp -sS time.apple.com' : 'sudo timedatectl set-ntp true' }],
        });
      }
    }
    return { findings };
  },
};
