import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Report } from '../core/report/report';
import type { RunOptions } from '../core/model/options';
import { Config, SECTION } from './config';
import { Log } from './log';
import { RunState } from './run-state';
import { ResultsTree, type Node } from './tree';
import { Diagnostics } from './diagnostics';
import { CodeActions } from './code-actions';
import { HealthStatusBar } from './status-bar';
import { WorkerClient, type RunOutcome } from './worker-client';
import { healthOf, servingProxy } from './health';
import { isWatchedFile, STATIC_LAYERS } from './watched-files';
import { chooseGo, type GoChoice } from './choose-go';

/** What the periodic probe re-runs (the engine adds their dependencies). */
const PROBE_LAYERS = ['environment', 'protocol'];

export interface DiagnoseRequest {
  /** Only these checks (re-run of one check); the results of the others are kept. */
  only?: string[];
  /** module@version pairs to walk through the GOPROXY chain (from an explained go error). */
  modules?: string[];
  /** Variables that replace the editor's for this run (the proxy a go error names). */
  env?: Record<string, string>;
  token?: vscode.CancellationToken;
  progress?: vscode.Progress<{ message?: string }>;
}

/**
 * Everything the extension owns, created in `activate` and disposed with it. Creating it
 * starts nothing: the worker thread starts on the first run.
 */
export class Ctx implements vscode.Disposable {
  readonly config = new Config();
  readonly log = new Log();
  readonly state = new RunState();
  readonly tree = new ResultsTree(this.state);
  readonly diagnostics = new Diagnostics(this.state);
  readonly codeActions = new CodeActions(this.diagnostics, this.state);
  readonly status: HealthStatusBar;
  readonly worker: WorkerClient;
  readonly treeView: vscode.TreeView<Node>;
  /** Options of the last run handed to the worker (tests read them). */
  lastRunOptions: Partial<RunOptions> | undefined;
  /** Variables the last run replaced (tests read them). */
  lastRunEnv: Record<string, string> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private typingTimer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private crashReported = false;
  /** Crashes the user was told about (once until a run succeeds again). */
  crashNotices = 0;
  private hasReportKey = false;
  private lastGoChoice: string | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.status = new HealthStatusBar(this.config.showStatusBar);
    this.worker = new WorkerClient(path.join(extension.extensionPath, 'dist', 'worker.js'), this.log, (e) => this.reportCrash(e));
    this.treeView = vscode.window.createTreeView('goProxyDoctor.results', { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables.push(
      this.log,
      this.state,
      this.diagnostics,
      this.status,
      this.worker,
      this.treeView,
      this.state.onDidChange(() => {
        this.tree.refresh();
        // Menus offer report commands only once there is a report.
        const has = this.state.report !== undefined;
        if (has !== this.hasReportKey) {
          this.hasReportKey = has;
          void vscode.commands.executeCommand('setContext', 'goProxyDoctor.hasReport', has);
        }
      }),
      vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this.codeActions, CodeActions.metadata),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.watches(e.document)) this.scheduleStaticRun();
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.watches(doc)) this.scheduleStaticRun(0);
      }),
      // Files created, deleted, renamed (a delete and a create) or changed outside the editor.
      ...this.watchFiles(),
      vscode.workspace.onDidChangeConfiguration((e) => {
        // go.toolsEnvVars and the Go extension's settings are one more scope the checks read.
        if (e.affectsConfiguration('go') || e.affectsConfiguration(SECTION)) this.scheduleStaticRun(0);
        if (!e.affectsConfiguration(SECTION)) return;
        this.log.info(`settings: ${JSON.stringify(this.config.describe())}`);
        this.status.setVisible(this.config.showStatusBar);
        this.schedulePeriodicProbe();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.log.info('workspace trusted: go may now be run and workspace hosts probed')),
    );
    this.log.info(`settings: ${JSON.stringify(this.config.describe())}`);
    this.schedulePeriodicProbe();
  }

  /**
   * Asks a person before a change outside the workspace (a modal dialog). Replaceable: the
   * extension-test host refuses to show dialogs, so tests answer here and read the question.
   */
  confirm: (message: string, detail: string, action: string) => Thenable<boolean> = async (message, detail, action) =>
    (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;

  /** No re-run is scheduled or running: the diagnostics match the documents. */
  get settled(): boolean {
    return this.typingTimer === undefined && this.worker.busy === 0;
  }

  /** The folder diagnosed: the active editor's workspace folder, else the first one. */
  folder(): string | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const f = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    return f?.uri.scheme === 'file' ? f.uri.fsPath : undefined;
  }

  /**
   * The environment go is started with from here: this process's. Values the editor adds
   * for its Go tools (go.toolsEnvVars) are one more scope, read from the settings files by
   * the core, so that each finding names the place a value really comes from.
   */
  environment(): Record<string, string | undefined> {
    const env = { ...process.env };
    const gorootEnv = this.goChoice().gorootEnv;
    // The Go extension sets GOROOT from go.goroot in this (shared) extension host's environment.
    if (gorootEnv) env.GOROOT = gorootEnv;
    return env;
  }

  /** The go the Go extension runs for the diagnosed folder (its settings, then GOBIN, GOROOT, PATH). */
  goChoice(): GoChoice {
    const folder = this.folder();
    return chooseGo({ settings: this.config.goSettings(folder), env: process.env, folder });
  }

  /** The go binary for a run, logged with what the settings did (once per change). */
  private goBinaryOption(): Pick<RunOptions, 'goBinary'> {
    const choice = this.goChoice();
    const said = JSON.stringify([choice.binary, choice.gorootEnv, choice.notes]);
    if (said !== this.lastGoChoice) {
      this.lastGoChoice = said;
      this.log.info(`go: ${choice.binary ? `${choice.binary.path} (chosen by ${choice.binary.chosenBy})` : 'none found'}${choice.gorootEnv ? `; GOROOT=${choice.gorootEnv} from go.goroot` : ''}${choice.notes.map((n) => `; ${n}`).join('')}`);
    }
    return choice.binary ? { goBinary: choice.binary } : {};
  }

  get untrusted(): boolean {
    return !vscode.workspace.isTrusted;
  }

  /** A full diagnosis, or a re-run of some checks (`only`) whose results replace just theirs. */
  async diagnose(req: DiagnoseRequest = {}): Promise<RunOutcome> {
    const dir = this.folder();
    if (!dir) return { kind: 'failed', error: vscode.l10n.t('Open a folder to diagnose.') };
    const options = { ...this.config.runOptions(this.untrusted), ...this.goBinaryOption(), ...(req.only ? { only: req.only } : {}), ...(req.modules ? { modules: req.modules } : {}) };
    const env = { ...this.environment(), ...req.env };
    this.log.learn(env);
    this.lastRunOptions = options;
    this.lastRunEnv = req.env;
    this.status.checking();
    this.log.info(`diagnosing ${dir}${req.only ? ` (only ${req.only.join(', ')})` : ''}${options.untrusted ? ' in an untrusted workspace' : ''}`);
    const versions = this.openVersions();
    const outcome = await this.worker.run('full', { dir, env, options, overlays: this.overlays() }, req.token, (e) => {
      this.state.progress(e);
      if (e.type === 'started') req.progress?.report({ message: e.title });
      if (e.type === 'slow') req.progress?.report({ message: e.message });
    });
    this.settle(outcome, !req.only, versions);
    return outcome;
  }

  /**
   * Re-runs the static layers over the files as the editor shows them. `noExec`: gather the
   * Go environment without running go (the run right after activation stays as cheap as
   * reading files; later runs gather it with go).
   */
  async staticRun(o: { noExec?: boolean } = {}): Promise<RunOutcome> {
    const dir = this.folder();
    if (!dir) return { kind: 'failed', error: 'no folder' };
    const options = { ...this.config.runOptions(this.untrusted), ...this.goBinaryOption(), only: STATIC_LAYERS, offline: true };
    const env = this.environment();
    this.log.learn(env);
    const versions = this.openVersions();
    const outcome = await this.worker.run('static', { dir, env, options, overlays: this.overlays(), reuseEnvironment: true, ...(o.noExec ? { noExec: true } : {}) });
    if (outcome.kind === 'done') {
      // The static run's verdict on its own layers; the others keep their last results.
      this.state.finish(outcome.report, false, versions, STATIC_LAYERS);
      this.diagnostics.refresh();
      const report = this.state.report!;
      if (this.status.state === 'unknown') this.status.set('unknown', this.filesSummary(report));
      else if (this.status.state !== 'checking') this.status.set(healthOf(report), this.summary(report), servingProxy(report.results));
    }
    return outcome;
  }

  private settle(outcome: RunOutcome, full: boolean, versions: Map<string, number>): void {
    switch (outcome.kind) {
      case 'done': {
        this.crashReported = false;
        this.state.finish(outcome.report, full, versions);
        this.diagnostics.refresh();
        const report = this.state.report!;
        this.status.set(healthOf(report), this.summary(report), servingProxy(report.results));
        this.log.info(`done in ${outcome.report.durationMs} ms: ${JSON.stringify(outcome.report.summary)}`);
        return;
      }
      case 'superseded':
        return; // the newer run owns the state
      case 'cancelled':
        this.state.stopRunning();
        this.status.abandon(vscode.l10n.t('The last run was cancelled.'));
        return;
      case 'failed':
        this.state.stopRunning();
        this.status.abandon(vscode.l10n.t('The last run failed: see the log.'));
        return;
    }
  }

  private summary(report: Report): string {
    const s = report.summary;
    return vscode.l10n.t('{0} ok, {1} warnings, {2} errors, {3} skipped, {4} crashed', s.ok, s.warning, s.error, s.skipped, s.crashed) + ` — ${vscode.l10n.t('last checked: {0}', this.state.checkedText())}`;
  }

  /** Before any diagnosis: what the file checks found, and that the network was not checked. */
  private filesSummary(report: Report): string {
    const problems = report.results.reduce((n, r) => n + r.findings.filter((f) => f.severity !== 'info').length, 0);
    return vscode.l10n.t('Files checked: {0} problems. The network is not checked until you run Diagnose.', problems) + ` — ${vscode.l10n.t('last checked: {0}', this.state.checkedText())}`;
  }

  private watches(doc: vscode.TextDocument): boolean {
    return doc.uri.scheme === 'file' && isWatchedFile(doc.uri.fsPath) && vscode.workspace.getWorkspaceFolder(doc.uri) !== undefined;
  }

  /** Unsaved watched documents, as the checks should read them. */
  private overlays(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const doc of vscode.workspace.textDocuments) if (doc.isDirty && this.watches(doc)) out[doc.uri.fsPath] = doc.getText();
    return out;
  }

  private openVersions(): Map<string, number> {
    const out = new Map<string, number>();
    for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === 'file') out.set(doc.uri.fsPath, doc.version);
    return out;
  }

  /** The file checks right after activation (no command, no edit): squiggles on open. */
  checkFilesOnOpen(): void {
    if (!this.folder() || this.state.hasRun) return;
    this.log.info('checking the workspace files');
    void this.staticRun({ noExec: true });
  }

  private watchFiles(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{go.mod,go.work,go.sum,.gitlab-ci.yml,.gitlab-ci.yaml,Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.dockerfile,*.service,devcontainer.json,.devcontainer.json,.envrc,.env,settings.json,*.yml,*.yaml}');
    const changed = (uri: vscode.Uri) => {
      if (uri.scheme === 'file' && isWatchedFile(uri.fsPath) && vscode.workspace.getWorkspaceFolder(uri)) this.scheduleStaticRun(0);
    };
    return [watcher, watcher.onDidCreate(changed), watcher.onDidDelete(changed), watcher.onDidChange(changed)];
  }

  private scheduleStaticRun(delay = this.config.debounceMs): void {
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.typingTimer = undefined;
      void this.staticRun();
    }, delay);
  }

  /** A light background run every N minutes, only after a first diagnosis, never while offline. */
  private schedulePeriodicProbe(): void {
    clearInterval(this.probeTimer);
    const minutes = this.config.probeIntervalMinutes;
    if (minutes <= 0) return;
    this.probeTimer = setInterval(() => {
      if (!this.state.report || this.status.state === 'offline' || this.status.state === 'checking' || this.worker.busy) return;
      // Light: the values go uses and the proxy chain; the other layers keep their last results.
      void this.diagnose({ only: PROBE_LAYERS });
    }, minutes * 60_000);
  }

  private reportCrash(error: string): void {
    if (this.crashReported) return;
    this.crashReported = true;
    this.crashNotices++;
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window
      .showErrorMessage(vscode.l10n.t('The Go Proxy Doctor worker stopped unexpectedly. It starts again with the next run.'), showLog)
      .then((choice) => choice === showLog && this.log.show());
    this.log.error(error);
  }

  dispose(): void {
    clearTimeout(this.typingTimer);
    clearInterval(this.probeTimer);
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
