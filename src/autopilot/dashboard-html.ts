/** The dashboard webview's page: a strict CSP (scripts and styles only with the page's nonce or from the webview origin). */

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The page that loads dist/webview/dashboard.js and .css. */
export function dashboardHtml(cspSource: string, nonce: string, scriptUri: string, styleUri: string): string {
  const csp = ["default-src 'none'", `img-src ${cspSource}`, `style-src ${cspSource} 'nonce-${nonce}'`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>AlgoAgent Agent</title>
<link rel="stylesheet" href="${esc(styleUri)}" nonce="${esc(nonce)}">
</head>
<body>
<main id="root"><p>Loading the agent…</p></main>
<script nonce="${esc(nonce)}" src="${esc(scriptUri)}"></script>
</body>
</html>
`;
}
