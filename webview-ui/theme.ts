/**
 * Chart colours from the VS Code theme. Canvases cannot use CSS variables, so the values are read
 * from the body's computed style and applied again when the theme (the body class) changes.
 */
export interface ChartColors {
  background: string;
  text: string;
  grid: string;
  border: string;
  up: string;
  down: string;
  line: string;
  buyHold: string;
  drawdown: string;
  volume: string;
  palette: string[];
  font: string;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function readColors(): ChartColors {
  const s = getComputedStyle(document.body);
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  const v = (n: string, f: string) => cssVar(s, n, f);
  const text = v('--vscode-editor-foreground', dark ? '#cccccc' : '#333333');
  return {
    background: v('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    text,
    grid: v('--vscode-editorWidget-border', dark ? '#333333' : '#e5e5e5'),
    border: v('--vscode-panel-border', dark ? '#444444' : '#cccccc'),
    up: v('--vscode-charts-green', '#388a34'),
    down: v('--vscode-charts-red', '#e51400'),
    line: v('--vscode-charts-blue', '#1a85ff'),
    buyHold: v('--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
    drawdown: v('--vscode-charts-red', '#e51400'),
    volume: v('--vscode-editorLineNumber-foreground', dark ? '#6e7681' : '#a0a0a0'),
    palette: ['--vscode-charts-orange', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-red'].map((n, k) => v(n, ['#d18616', '#652d90', '#bf8803', '#1a85ff', '#388a34', '#e51400'][k])),
    font: v('--vscode-font-family', 'system-ui, sans-serif'),
  };
}

/** Calls `fn` whenever the body class (VS Code's theme kind) changes. */
export function onThemeChange(fn: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    fn();
  }).observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
}

/** Adds alpha to a #rgb / #rrggbb / rgb() colour (volume bars, areas). */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let m = /^#([0-9a-f]{3})$/i.exec(c);
  if (m) {
    const [r, g, b] = m[1].split('').map((x) => parseInt(x + x, 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  m = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(c);
  if (m) {
    const n = parseInt(m[1], 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  const r = /^rgba?\(([^,]+),([^,]+),([^,)]+)/.exec(c);
  if (r) return `rgba(${r[1].trim()}, ${r[2].trim()}, ${r[3].trim()}, ${alpha})`;
  return c;
}
