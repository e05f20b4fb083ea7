/**
 * The self-contained HTML report: one file holding the built app (JS and CSS, the codicon font
 * inlined), the theme variables and the run's data, so it opens offline in any browser and
 * shows the same charts and tables as the panel.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PanelState, PanelView } from './protocol';
import { reportThemeCss } from './report-theme';
import { toRunView, type RunViewInput } from './run-view';
import { buildWebview } from './webview-build';

export interface AppBundle {
  js: string;
  css: string;
}

export interface ReportOptions {
  /** Folder holding main.js and main.css; default: `webview/` beside the running bundle, else built from source. */
  bundleDir?: string;
  title?: string;
}

/** Text that may sit inside a <script> or <style> element: `</` cannot close it early. */
function inlineSafe(text: string): string {
  return text.replace(/<\/(script|style)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** JSON for a <script type="application/json">: `<`, `>` and `&` escaped (JSON.parse reads them back). */
function jsonSafe(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function readBundle(dir: string): AppBundle | undefined {
  const js = path.join(dir, 'main.js');
  const css = path.join(dir, 'main.css');
  if (!fs.existsSync(js) || !fs.existsSync(css)) return undefined;
  return { js: fs.readFileSync(js, 'utf8'), css: fs.readFileSync(css, 'utf8') };
}

let built: Promise<AppBundle> | undefined;

/** The app bundle: the given folder, dist/webview beside the running bundle, or built from webview-ui/ once per process. */
export async function loadAppBundle(bundleDir?: string): Promise<AppBundle> {
  if (bundleDir) {
    const b = readBundle(bundleDir);
    if (!b) throw new Error(`HTML report: ${path.join(bundleDir, 'main.js')} and main.css not found — build the extension first (npm run build)`);
    return b;
  }
  const beside = readBundle(path.join(__dirname, 'webview'));
  if (beside) return beside;
  const root = path.resolve(__dirname, '..', '..');
  if (!fs.existsSync(path.join(root, 'webview-ui', 'main.ts'))) {
    throw new Error(`HTML report: the results app was not found in ${path.join(__dirname, 'webview')} — build the extension first (npm run build)`);
  }
  built ??= (async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'algoagent-webview-'));
    try {
      await buildWebview(root, out);
      return readBundle(out)!;
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  })();
  return built;
}

function viewTitle(view: PanelView): string {
  if (view.mode === 'run') return `${view.run.name} — ${view.run.result.data.symbol} backtest report`;
  if (view.mode === 'compare') return `Comparison of ${view.runs.length} runs`;
  return `Optimization of ${view.optimization.name}`;
}

/** The report's HTML (one string, no external reference). */
export function reportHtml(view: PanelView, bundle: AppBundle, title = viewTitle(view)): string {
  const state: PanelState = { version: 1, view };
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="AlgoAgent">
<title>${escapeHtml(title)}</title>
<style>
${inlineSafe(reportThemeCss())}
${inlineSafe(bundle.css)}
</style>
</head>
<body class="vscode-light">
<main id="root"><noscript>This report needs JavaScript to draw its charts.</noscript></main>
<script type="application/json" id="algoagent-view">${jsonSafe(state)}</script>
<script>
${inlineSafe(bundle.js)}
</script>
</body>
</html>
`;
}

export async function buildHtmlReport(view: PanelView, opts: ReportOptions = {}): Promise<string> {
  return reportHtml(view, await loadAppBundle(opts.bundleDir), opts.title);
}

/** Writes the report to `file` (folders created). */
export async function writeReport(file: string, view: PanelView, opts: ReportOptions = {}): Promise<void> {
  const html = await buildHtmlReport(view, opts);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, html);
}

/** `algoagent backtest … --report out.html`: the report of one run, from what the run produced. */
export async function writeRunReport(file: string, run: RunViewInput, opts: ReportOptions = {}): Promise<void> {
  await writeReport(file, { mode: 'run', run: toRunView(run) }, opts);
}
