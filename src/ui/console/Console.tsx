// The D console (browser main thread): a CodeMirror 6 editor with D highlighting and
// completion; Run posts the script to …/scripts (operators on any node or all of them,
// customers inside their own zones), a compile error comes back as a 409 with dtrace's
// message, line and column and is marked there; while it runs, its printa text, output
// and errors are shown every second, with a live heatmap of its first distribution.
import { useEffect, useId, useRef, useState } from 'react';
import { minimalSetup } from 'codemirror';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { autocompletion } from '@codemirror/autocomplete';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { z } from 'zod';
import { ApiError } from '../api-client';
import { useApi, useDeps } from '../context';
import { basePathOf, useSession } from '../stores/session';
import { fetchScenario } from '../admin/edits';
import { dCompletions, dHighlight, dLanguage } from './d-language';
import { diagnosticAt } from './diagnostics';
import { column, DIST_FUNCS, totals, type ScriptAgg } from './dist';
import { ScriptHeatmap } from './ScriptHeatmap';

export const EXAMPLE_SCRIPT = `/* read(2) latency by zone, in nanoseconds */
syscall::read:entry
{
\tself->ts = timestamp;
}

syscall::read:return
/self->ts/
{
\t@latency[zonename] = quantize(timestamp - self->ts);
\tself->ts = 0;
}
`;

const scriptSchema = z.object({ id: z.string(), uri: z.string(), value: z.string() }).loose();
const valueSchema = z
  .object({
    printa: z.string().default(''),
    output: z.string().default(''),
    errors: z.array(z.string()).default([]),
    aggregations: z.array(z.object({ name: z.string(), func: z.string(), keys: z.array(z.array(z.union([z.string(), z.number()]))), values: z.array(z.unknown()) }).loose()).default([]),
  })
  .loose();

type Run =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'running'; readonly uri: string; readonly valueUri: string; readonly seconds: number }
  | { readonly kind: 'stopped'; readonly seconds: number };

export function Console() {
  const { session } = useDeps();
  const api = useApi();
  const identity = useSession(session, (s) => s.identity);
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | undefined>(undefined);
  const nodeId = useId();
  const [nodes, setNodes] = useState<readonly string[]>([]);
  const [node, setNode] = useState('');
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const [error, setError] = useState<string | undefined>();
  const [value, setValue] = useState<z.infer<typeof valueSchema> | undefined>();
  const [columns, setColumns] = useState<readonly Map<number, number>[]>([]);
  const prevTotals = useRef<Map<number, number> | undefined>(undefined);
  const runRef = useRef<() => void>(() => undefined);
  const operator = identity?.kind === 'operator';
  const base = identity === undefined ? undefined : basePathOf(identity);

  useEffect(() => {
    if (host.current === null) return;
    const v = new EditorView({
      doc: EXAMPLE_SCRIPT,
      parent: host.current,
      extensions: [
        lineNumbers(),
        minimalSetup,
        dLanguage,
        dHighlight,
        autocompletion({ override: [dCompletions], activateOnTyping: true }),
        lintGutter(),
        keymap.of([{ key: 'Mod-Enter', run: () => (runRef.current(), true) }]),
        EditorView.contentAttributes.of({ 'aria-label': 'D script (Ctrl+Enter runs it)' }),
        EditorView.updateListener.of((u) => {
          // An edit makes the last compile error stale.
          if (u.docChanged) u.view.dispatch(setDiagnostics(u.state, []));
        }),
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = undefined;
    };
  }, []);

  useEffect(() => {
    if (!operator) return;
    fetchScenario(api)
      .then((s) => setNodes(s.nodes.map((n) => n.hostname)))
      .catch(() => setNodes([]));
  }, [api, operator]);

  // Poll the running script's value once a second.
  const running = run.kind === 'running' ? run.valueUri : undefined;
  useEffect(() => {
    if (running === undefined) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async (): Promise<void> => {
      try {
        const v = valueSchema.parse(await api.json('GET', running));
        if (stop) return;
        setValue(v);
        const dist = v.aggregations.find((a) => DIST_FUNCS.has(a.func)) as ScriptAgg | undefined;
        if (dist !== undefined) {
          const now = totals(dist);
          const col = column(now, prevTotals.current);
          prevTotals.current = now;
          setColumns((c) => [...c, col].slice(-60));
        }
        setRun((r) => (r.kind === 'running' ? { ...r, seconds: r.seconds + 1 } : r));
      } catch (e) {
        if (!stop) setError(`Reading the script's output failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!stop) timer = setTimeout(() => void tick(), 1000);
    };
    timer = setTimeout(() => void tick(), 1000);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [api, running]);

  // A running script is stopped when the console goes away (another view, another identity).
  const live = useRef<string | undefined>(undefined);
  useEffect(
    () => () => {
      if (live.current !== undefined) void api.json('DELETE', live.current).catch(() => undefined);
      live.current = undefined;
    },
    [api],
  );

  const start = async (): Promise<void> => {
    const v = view.current;
    if (v === undefined || base === undefined || run.kind === 'starting') return;
    setError(undefined);
    if (live.current !== undefined) await api.json('DELETE', live.current).catch(() => undefined);
    live.current = undefined;
    setRun({ kind: 'starting' });
    setValue(undefined);
    setColumns([]);
    prevTotals.current = undefined;
    v.dispatch(setDiagnostics(v.state, []));
    try {
      const body: Record<string, unknown> = { script: v.state.doc.toString() };
      if (node !== '') body['node'] = node;
      const s = scriptSchema.parse(await api.json('POST', `${base}/scripts`, { body }));
      live.current = s.uri;
      setRun({ kind: 'running', uri: s.uri, valueUri: s.value, seconds: 0 });
    } catch (e) {
      setRun({ kind: 'idle' });
      if (e instanceof ApiError && e.status === 409) {
        const line = typeof e.detail['line'] === 'number' ? e.detail['line'] : undefined;
        const col = typeof e.detail['column'] === 'number' ? e.detail['column'] : undefined;
        v.dispatch(setDiagnostics(v.state, [diagnosticAt(v.state.doc, e.message, line, col)]));
        setError(`${line === undefined ? '' : `line ${line}${col === undefined ? '' : `, column ${col}`}: `}${e.message}`);
      } else setError(`The script did not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  runRef.current = () => void start();

  const stop = async (): Promise<void> => {
    if (run.kind !== 'running') return;
    const seconds = run.seconds;
    live.current = undefined;
    setRun({ kind: 'stopped', seconds });
    try {
      await api.json('DELETE', run.uri);
    } catch (e) {
      setError(`Stopping failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const dist = value?.aggregations.find((a) => DIST_FUNCS.has(a.func));
  return (
    <section className="console" aria-labelledby="console-h">
      <h2 id="console-h">D console</h2>
      <p className="explain">
        {operator
          ? 'Runs against the live datacenter: every node, or the one you pick. Completion: start typing a probe, a variable or a function (Ctrl+Space).'
          : 'Runs as DTrace inside your own zones: the dtrace, profile, syscall, proc and sched providers, your zones only.'}
      </p>
      <div ref={host} className="editor" />
      <div className="row">
        {operator ? (
          <>
            <label htmlFor={nodeId}>Run on</label>
            <select id={nodeId} value={node} onChange={(e) => setNode(e.target.value)}>
              <option value="">every node</option>
              {nodes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </>
        ) : undefined}
        <button type="button" onClick={() => void start()} disabled={run.kind === 'starting'}>
          {run.kind === 'running' ? 'Run again' : 'Run'}
        </button>
        <button type="button" onClick={() => void stop()} disabled={run.kind !== 'running'}>
          Stop
        </button>
        {run.kind === 'starting' ? <span role="status">Compiling and enabling…</span> : undefined}
        {run.kind === 'running' ? <span role="status">Running ({run.seconds} s)</span> : undefined}
        {run.kind === 'stopped' ? <span role="status">Stopped after {run.seconds} s</span> : undefined}
      </div>
      {error !== undefined ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : undefined}
      {run.kind === 'running' && value === undefined ? <p role="status">Waiting for the first second of output…</p> : undefined}
      {value !== undefined ? (
        <div className="script-output">
          {dist !== undefined ? <ScriptHeatmap name={dist.name} columns={columns} /> : undefined}
          <h3>Aggregations (printa)</h3>
          <pre aria-label="printa output" tabIndex={0}>
            {value.printa === '' ? '(no aggregation data yet)' : value.printa}
          </pre>
          {value.output !== '' ? (
            <>
              <h3>Output</h3>
              <pre aria-label="script output" tabIndex={0}>
                {value.output}
              </pre>
            </>
          ) : undefined}
          {value.errors.length > 0 ? (
            <ul role="alert" className="error">
              {value.errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          ) : undefined}
        </div>
      ) : undefined}
    </section>
  );
}
