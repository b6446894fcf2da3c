// D for CodeMirror 6 (browser main thread): a small stream tokenizer (comments, strings,
// numbers, probe descriptions, @aggregations, $macros, keywords, built-in variables and
// functions), its highlight style, and completion of probes, variables and functions.
// A StreamLanguage is enough here: the console needs colour and completion, while the
// real parse (and its errors) comes from the compiler behind the API.

import { HighlightStyle, StreamLanguage, syntaxHighlighting, type StreamParser } from '@codemirror/language';
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { tags as t } from '@lezer/highlight';
import { FUNCTIONS, KEYWORDS, PROBES, VARIABLES } from './d-words';

interface State {
  inComment: boolean;
  /** Braces open: a probe description only starts a clause outside of one. */
  depth: number;
}

const KW = new Set(KEYWORDS);
const VARS = new Set(VARIABLES);
const FNS = new Set(FUNCTIONS);

const parser: StreamParser<State> = {
  name: 'd',
  startState: () => ({ inComment: false, depth: 0 }),
  token(stream, state) {
    if (state.inComment) {
      if (stream.skipTo('*/')) {
        stream.pos += 2;
        state.inComment = false;
      } else stream.skipToEnd();
      return 'comment';
    }
    if (stream.eatSpace()) return null;
    if (stream.match('/*')) {
      state.inComment = true;
      return 'comment';
    }
    if (stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.sol() && stream.match(/^#\w+/)) {
      stream.skipToEnd();
      return 'meta';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
    if (stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
    if (stream.match(/^0[xX][0-9a-fA-F]+[uUlL]*/) || stream.match(/^\d+(\.\d+)?([eE][+-]?\d+)?[uUlL]*/)) return 'number';
    // A probe description: provider:module:function:name (fields may be empty or globbed), outside any clause body.
    if (state.depth === 0 && stream.match(/^[\w*?\-$]*:[\w*?\-$.]*:[\w*?\-$.]*:[\w*?\-$.]*/)) return 'labelName';
    if (state.depth === 0 && stream.match(/^(BEGIN|END|ERROR)\b/)) return 'labelName';
    if (stream.match(/^@\w*/)) return 'variableName.special';
    if (stream.match(/^\$\$?\w+/)) return 'atom';
    const w = stream.match(/^[A-Za-z_]\w*/) as RegExpMatchArray | null;
    if (w) {
      const word = w[0];
      if (KW.has(word)) return 'keyword';
      if (VARS.has(word)) return 'variableName.standard';
      if (FNS.has(word)) return 'variableName.function';
      return 'variableName';
    }
    const ch = stream.next();
    if (ch === '{') state.depth++;
    else if (ch === '}') state.depth = Math.max(0, state.depth - 1);
    else if (ch === '/' || ch === '-' || ch === '>' || ch === '=' || ch === '+' || ch === '*' || ch === '!' || ch === '<' || ch === '&' || ch === '|') return 'operator';
    return null;
  },
  languageData: { commentTokens: { line: '//', block: { open: '/*', close: '*/' } } },
};

export const dLanguage = StreamLanguage.define(parser);

export const dHighlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: t.comment, color: '#6a737d', fontStyle: 'italic' },
    { tag: t.string, color: '#0a7a30' },
    { tag: t.number, color: '#b35900' },
    { tag: t.keyword, color: '#a3208c', fontWeight: 'bold' },
    { tag: t.labelName, color: '#0b5cad', fontWeight: 'bold' },
    { tag: t.special(t.variableName), color: '#8a3ffc' },
    { tag: t.standard(t.variableName), color: '#b3261e' },
    { tag: t.function(t.variableName), color: '#005f73' },
    { tag: t.atom, color: '#b35900' },
    { tag: t.meta, color: '#6a737d' },
    { tag: t.operator, color: '#444' },
  ]),
);

const probeOptions: Completion[] = PROBES.map((p) => ({ label: p.name, type: 'keyword', detail: 'probe', info: p.info }));
const varOptions: Completion[] = VARIABLES.map((v) => ({ label: v, type: 'variable', detail: 'built-in' }));
const fnOptions: Completion[] = FUNCTIONS.map((f) => ({ label: f, type: 'function', apply: `${f}(`, detail: 'function' }));

/** Completes probe descriptions at the start of a clause, variables and functions inside one. */
export function dCompletions(ctx: CompletionContext): CompletionResult | null {
  const before = ctx.state.doc.sliceString(0, ctx.pos);
  let depth = 0;
  for (const ch of before.replace(/\/\*[\s\S]*?\*\/|"(?:[^"\\]|\\.)*"/g, '')) {
    if (ch === '{') depth++;
    else if (ch === '}') depth = Math.max(0, depth - 1);
  }
  if (depth === 0) {
    const w = ctx.matchBefore(/[\w:*?\-$.]*/);
    if (w === null || (w.from === w.to && !ctx.explicit)) return null;
    return { from: w.from, options: probeOptions, validFor: /^[\w:*?\-$.]*$/ };
  }
  const w = ctx.matchBefore(/\w*/);
  if (w === null || (w.from === w.to && !ctx.explicit)) return null;
  return { from: w.from, options: [...varOptions, ...fnOptions], validFor: /^\w*$/ };
}
