// A panel's heatmap as PNG (the API's image route) and its data as CSV and JSON (the
// cells route), saved as downloads (browser main thread).
import type { ApiClient } from '../api-client';
import { cellsToCsv, parseCellsAnswer } from './cells';

export type ExportKind = 'png' | 'csv' | 'json';

function fileStem(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'heatmap';
}

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export async function exportHeatmap(api: ApiClient, uri: string, title: string, kind: ExportKind, layer: { selected: readonly string[]; isolate: boolean }): Promise<string> {
  const q: Record<string, string | number | boolean> = { duration: 60 };
  if (layer.selected.length > 0) q['selected'] = layer.selected.join(',');
  if (layer.selected.length > 0 && layer.isolate) q['isolate'] = true;
  const stem = fileStem(title);
  switch (kind) {
    case 'png': {
      // CA's image point: the base64 PNG in `image`, beside ymin, ymax, present and the time fields.
      const r = await api.json<{ image?: unknown }>('GET', `${uri}/value/heatmap/image`, { query: { ...q, width: 600, height: 300 } });
      const b64 = r?.image;
      if (typeof b64 !== 'string') throw new Error('the image answer has no base64 image');
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      download(`${stem}.png`, new Blob([bytes], { type: 'image/png' }));
      return `${stem}.png`;
    }
    case 'csv':
    case 'json': {
      const raw = await api.json<unknown>('GET', `${uri}/value/heatmap/cells`, { query: q });
      const cells = parseCellsAnswer(raw);
      if (kind === 'csv') download(`${stem}.csv`, new Blob([cellsToCsv(cells)], { type: 'text/csv' }));
      else download(`${stem}.json`, new Blob([JSON.stringify(raw, null, 2)], { type: 'application/json' }));
      return `${stem}.${kind}`;
    }
  }
}
