/**
 * How the results app is bundled (the same options as scripts/build.mjs's webview entry): one
 * iife `main.js` (the codicon font and stylesheet inside it, see webview-ui/codicons.js) and one
 * `main.css`, so the panel and the report need no other asset. Used to build the app where
 * dist/webview is absent (tests, the HTML report run from source).
 */
import * as path from 'node:path';

export const WEBVIEW_ENTRY = 'webview-ui/main.ts';

export function webviewBuildOptions(root: string, outdir: string) {
  return {
    bundle: true,
    platform: 'browser' as const,
    target: 'es2022',
    format: 'iife' as const,
    minify: true,
    logLevel: 'error' as const,
    entryPoints: { main: path.join(root, WEBVIEW_ENTRY) },
    outdir,
  };
}

/**
 * esbuild is a devDependency, never shipped: the specifier is a variable so no bundle includes it,
 * and only code run from source (tests, where dist/webview is absent) gets here.
 */
const BUILD_TOOL = 'esbuild';

/** Builds the app into `outdir` (main.js, main.css). */
export async function buildWebview(root: string, outdir: string): Promise<void> {
  const esbuild = (await import(BUILD_TOOL)) as typeof import('esbuild');
  await esbuild.build(webviewBuildOptions(root, outdir));
}
