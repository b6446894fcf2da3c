// A compile error from the scripts route (409 with dtrace's message, line and column) as
// a CodeMirror diagnostic at that place (browser main thread; pure TS over @codemirror/state).

import type { Text } from '@codemirror/state';
import type { Diagnostic } from '@codemirror/lint';

/** line and column are 1-based, as dtrace reports them; out-of-range places are clamped into the document; no line: the whole first line. */
export function diagnosticAt(doc: Text, message: string, line: number | undefined, column: number | undefined): Diagnostic {
  if (line === undefined || !Number.isFinite(line)) {
    const l = doc.line(1);
    return { from: l.from, to: Math.max(l.from, l.to), severity: 'error', message };
  }
  const l = doc.line(Math.min(Math.max(1, Math.floor(line)), doc.lines));
  const col = column === undefined || !Number.isFinite(column) ? 1 : Math.max(1, Math.floor(column));
  const from = Math.min(l.from + col - 1, l.to);
  // Underline the word there (or one character), so the mark is visible even at a line's end.
  const rest = doc.sliceString(from, l.to);
  const word = /^[\w$@]+/.exec(rest)?.[0].length ?? 1;
  const to = Math.min(from + word, l.to);
  return { from: to > from ? from : Math.max(l.from, from - 1), to: to > from ? to : from, severity: 'error', message };
}
