// The codicon stylesheet as text and its font as bytes, through import attributes, so the bundle
// needs no loader configuration and no asset beside it. icons.ts installs them at run time.
import css from '@vscode/codicons/dist/codicon.css' with { type: 'text' };
import font from '@vscode/codicons/dist/codicon.ttf' with { type: 'bytes' };

export { css, font };
