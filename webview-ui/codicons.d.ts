/** webview-ui/codicons.js: @vscode/codicons' stylesheet (text) and font (bytes). */
export declare const css: string;
export declare const font: Uint8Array;
