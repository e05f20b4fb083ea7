/**
 * Results panel script (dist/webview/main.js). The panel arrives with the results-panel issue;
 * today it renders the statistics of a Result posted by the extension host.
 */
interface StatsMessage {
  type: 'result';
  stats: Record<string, number | string | null>;
}

window.addEventListener('message', (event: MessageEvent<StatsMessage>) => {
  if (event.data?.type !== 'result') return;
  const root = document.getElementById('root') ?? document.body;
  const table = document.createElement('table');
  for (const [k, v] of Object.entries(event.data.stats)) {
    const tr = table.insertRow();
    tr.insertCell().textContent = k;
    tr.insertCell().textContent = v === null ? '--' : String(v);
  }
  root.replaceChildren(table);
});
