import type { Fix, Severity } from '../../model/result';

/**
 * One problem with one variable's value, as the 1xx rules judge it. The environment checks
 * turn these into findings about the effective environment; the scope checks into findings
 * at each place the value is written. `span` is the part of the value at fault (UTF-16
 * offsets into the value, end exclusive), when the problem is one entry of a list.
 */
export interface Judgement {
  id: string;
  severity: Severity;
  message: string;
  evidence: string[];
  fixes: Fix[];
  span?: { start: number; end: number };
}

/**
 * What a rule may depend on besides the value: the go that will run (its rules and its
 * words) and the workspace. Absent facts mean the newest go and no workspace.
 */
export interface JudgeFacts {
  /** The go version whose rules apply (`env.go.version`, e.g. "go1.26.8"). */
  goVersion?: string | null;
  /** Module paths the workspace's go.mod files require. */
  requiredModules?: readonly string[];
  /** The folder is inside a module (a go.mod or go.work was found). */
  inModule?: boolean;
}

/** A preferred fix that gives `variable` the corrected `value`. */
export function setFix(variable: string, value: string, title: string, preferred = true, weakening = false): Fix {
  return { title, preferred: preferred && !weakening, kind: 'set-variable', variable, value, ...(weakening ? { weakening: true } : {}) };
}

/** JSON-style quoting for values inside messages (shows spaces and empty strings). */
export function q(v: string): string {
  return JSON.stringify(v);
}

/** `go: <module>@<version>: <error>`, the shape go prints download failures in. */
export function goFails(error: string): string {
  return `go: <module>@<version>: ${error}`;
}
