// The application shell. The dashboard arrives with the Cloud Analytics work; until then
// the page says what zonescope is and what already works.
export function App() {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', margin: '2rem auto', maxWidth: '48rem', lineHeight: 1.5 }}>
      <h1>zonescope</h1>
      <p>
        Cloud Analytics for a simulated SmartOS datacenter, running entirely in this tab: DTrace&apos;s D language over a
        simulated kernel, drawn as live heatmaps of latency, CPU share and I/O throttle per zone.
      </p>
      <p role="status">The D engine is ready from the command line (<code>bin/zdtrace</code>); the dashboard is coming.</p>
    </main>
  );
}
