import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { explainGoError, type Explanation } from './explain-error';
import { findGoErrorLinks, type GoErrorLink } from './go-error-text';

/** A go failure in the terminal; following it diagnoses that failure. */
export class GoErrorTerminalLink extends vscode.TerminalLink {
  constructor(readonly found: GoErrorLink) {
    super(
      found.startIndex,
      found.length,
      found.proxyProblem ? vscode.l10n.t('Go Proxy: diagnose this ({0})', found.title) : vscode.l10n.t('Go Proxy: explain this ({0})', found.title),
    );
  }
}

/**
 * Makes go's failure lines in the integrated terminal clickable. Finding links is regex only
 * (VS Code asks on every hover); the network is touched only when a link is followed.
 */
export class GoErrorTerminalLinks implements vscode.TerminalLinkProvider<GoErrorTerminalLink> {
  constructor(private readonly ctx: Ctx) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): GoErrorTerminalLink[] {
    return findGoErrorLinks(context.line).map((l) => new GoErrorTerminalLink(l));
  }

  async handleTerminalLink(link: GoErrorTerminalLink): Promise<void> {
    await this.follow(link);
  }

  /** What following the link does, with what it found and ran. */
  follow(link: GoErrorTerminalLink): Promise<Explanation> {
    return explainGoError(this.ctx, link.found.text);
  }
}
