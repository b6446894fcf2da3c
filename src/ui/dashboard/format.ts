// Numbers with their units for the dashboard's text (browser main thread; pure TS): CA
// time fields are nanoseconds, percent fields percent of one CPU, size fields bytes.

export function formatValue(v: number, type: string | undefined): string {
  switch (type) {
    case 'time': {
      if (v >= 1e9) return `${(v / 1e9).toFixed(2)} s`;
      if (v >= 1e6) return `${(v / 1e6).toFixed(1)} ms`;
      if (v >= 1e3) return `${(v / 1e3).toFixed(0)} µs`;
      return `${v.toFixed(0)} ns`;
    }
    case 'percent':
      return `${v.toFixed(0)}%`;
    case 'size': {
      if (v >= 1 << 30) return `${(v / (1 << 30)).toFixed(1)} GiB`;
      if (v >= 1 << 20) return `${(v / (1 << 20)).toFixed(1)} MiB`;
      if (v >= 1 << 10) return `${(v / (1 << 10)).toFixed(0)} KiB`;
      return `${v.toFixed(0)} B`;
    }
    default:
      return Number.isInteger(v) ? String(v) : v.toFixed(2);
  }
}

export function formatCount(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(0)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(n < 10 && !Number.isInteger(n) ? 1 : 0);
}
