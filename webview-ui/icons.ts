/**
 * Installs the codicons: the font through the FontFace API (from bytes in the bundle) and the
 * icon classes through a constructed stylesheet. Neither is an inline <style> or a fetched URL,
 * so the panel's CSP needs no 'unsafe-inline' and no font origin.
 */
import { css, font } from './codicons';

let installed = false;

export function installCodicons(): void {
  if (installed) return;
  installed = true;
  const face = new FontFace('codicon', font as unknown as BufferSource);
  // FontFaceSet.add is missing from TypeScript's DOM lib without DOM.Iterable.
  (document.fonts as unknown as { add(f: FontFace): void }).add(face);
  void face.load().catch(() => undefined);
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css.replace(/@font-face\s*\{[^}]*\}/g, ''));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
