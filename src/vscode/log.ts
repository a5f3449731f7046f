import * as vscode from 'vscode';
import { Redactor } from '../core/report/redact';

/** The log output channel; every line goes through the redactor first. */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Go Proxy Doctor', { log: true });
  readonly redactor = new Redactor();

  /** Learns the credentials in an environment (URL userinfo, tokens) so that none is ever logged. */
  learn(env: Record<string, string | undefined>): void {
    this.redactor.learnFromEnv(env);
  }
  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }
  error(message: string): void {
    this.channel.error(this.redactor.redact(message));
  }
  debug(message: string): void {
    this.channel.debug(this.redactor.redact(message));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
