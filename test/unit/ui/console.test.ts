// The D console's pure parts: a compile error lands at dtrace's line and column,
// completion offers probes outside clauses and variables/functions inside them, and a
// running script's distribution becomes one heatmap column per poll.
import { describe, expect, it } from 'vitest';
import { EditorState, Text } from '@codemirror/state';
import { CompletionContext } from '@codemirror/autocomplete';
import { diagnosticAt } from '../../../src/ui/console/diagnostics';
import { dCompletions } from '../../../src/ui/console/d-language';
import { column, totals, type ScriptAgg } from '../../../src/ui/console/dist';

const doc = Text.of(['syscall::read:entry', '{', '\t@n[zonename] = count(;', '}']);

describe('compile diagnostics', () => {
  it('marks the word at the 1-based line and column', () => {
    const d = diagnosticAt(doc, 'syntax error near ";"', 3, 2);
    expect(d.severity).toBe('error');
    expect(doc.sliceString(d.from, d.to)).toBe('@n');
    expect(doc.lineAt(d.from).number).toBe(3);
  });

  it('marks one character where no word starts, and stays on the line', () => {
    const d = diagnosticAt(doc, 'x', 3, 23);
    expect(doc.sliceString(d.from, d.to)).toBe(';');
  });

  it('clamps places outside the script into it', () => {
    const past = diagnosticAt(doc, 'x', 99, 99);
    expect(doc.lineAt(past.from).number).toBe(4);
    expect(past.to).toBeLessThanOrEqual(doc.length);
    const none = diagnosticAt(doc, 'x', undefined, undefined);
    expect(doc.sliceString(none.from, none.to)).toBe('syscall::read:entry');
  });
});

function complete(text: string, pos = text.length) {
  const state = EditorState.create({ doc: text });
  return dCompletions(new CompletionContext(state, pos, false));
}

describe('completion', () => {
  it('offers probe descriptions at the start of a clause', () => {
    const r = complete('sysc');
    expect(r).not.toBeNull();
    const labels = r!.options.map((o) => o.label);
    expect(labels).toContain('syscall::read:entry');
    expect(labels).toContain('sdt:genunix:zone_kstat:zone-misc');
    expect(labels).not.toContain('zonename');
    expect(r!.from).toBe(0);
  });

  it('offers variables and functions inside a clause', () => {
    const r = complete('syscall::read:entry { @x[zon');
    const labels = r!.options.map((o) => o.label);
    expect(labels).toContain('zonename');
    expect(labels).toContain('quantize');
    expect(labels).toContain('copyinstr');
    expect(labels).not.toContain('syscall::read:entry');
    expect(r!.from).toBe('syscall::read:entry { @x['.length);
  });

  it('knows a clause has ended', () => {
    const labels = complete('BEGIN { exit(0); }\npro')!.options.map((o) => o.label);
    expect(labels).toContain('profile:::tick-1s');
  });
});

describe('script distribution columns', () => {
  const agg = (rows: [[number, number], number][][]): ScriptAgg => ({ name: 'lat', func: 'quantize', keys: rows.map((_, i) => [`k${i}`]), values: rows });

  it('sums buckets over keys', () => {
    const t = totals(agg([[[[1024, 2047], 3]], [[[1024, 2047], 2], [[2048, 4095], 1]]]));
    expect([...t]).toEqual([[1024, 5], [2048, 1]]);
  });

  it('takes the difference from the previous poll as the new column', () => {
    const a = totals(agg([[[[1024, 2047], 5], [[2048, 4095], 1]]]));
    const b = totals(agg([[[[1024, 2047], 9], [[2048, 4095], 1], [[4096, 8191], 2]]]));
    expect([...column(b, a)]).toEqual([[1024, 4], [4096, 2]]);
    expect([...column(a, undefined)]).toEqual([[1024, 5], [2048, 1]]);
  });

  it('counts from zero after the aggregation was cleared', () => {
    const before = new Map([[1024, 50]]);
    expect([...column(new Map([[1024, 3]]), before)]).toEqual([[1024, 3]]);
  });
});
