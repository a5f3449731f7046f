/**
 * A span in a file. Lines and columns are 1-based; columns count UTF-16 code units
 * (as VS Code does); the end is exclusive (the position just after the last character).
 */
export interface Location {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** Replace the text at `range` with `newText`. An insertion has an empty range. */
export interface TextEdit extends Location {
  newText: string;
}
