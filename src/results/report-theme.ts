/**
 * The --vscode-* variables a page outside VS Code needs (the HTML report): VS Code's default
 * Light+, Dark+ and high-contrast colours, keyed on the body class the app sets.
 */

const LIGHT: Record<string, string> = {
  'editor-background': '#ffffff', 'editor-foreground': '#3b3b3b', foreground: '#3b3b3b', descriptionForeground: '#717171',
  'panel-border': '#e5e5e5', 'widget-border': '#e5e5e5', 'editorWidget-background': '#f8f8f8', 'editorWidget-border': '#e5e5e5',
  focusBorder: '#005fb8', 'charts-green': '#388a34', 'charts-red': '#e51400', 'charts-blue': '#1a85ff', 'charts-orange': '#d18616',
  'charts-purple': '#652d90', 'charts-yellow': '#bf8803', 'list-hoverBackground': '#f2f2f2', 'list-activeSelectionBackground': '#e8e8e8',
  'list-activeSelectionForeground': '#000000', 'list-inactiveSelectionBackground': '#e4e6f1', 'editorWarning-foreground': '#bf8803',
  'inputValidation-warningBackground': '#f6f5d2', errorForeground: '#f85149', 'textCodeBlock-background': '#f8f8f8',
  'diffEditor-insertedLineBackground': 'rgba(155, 185, 85, 0.2)', 'editorLineNumber-foreground': '#6e7681',
  'button-background': '#005fb8', 'button-foreground': '#ffffff', 'button-hoverBackground': '#0258a8', 'button-secondaryBackground': '#e5e5e5',
  'button-secondaryForeground': '#3b3b3b', 'button-secondaryHoverBackground': '#cccccc', 'input-background': '#ffffff', 'input-foreground': '#3b3b3b',
  'input-border': '#cecece', 'input-placeholderForeground': '#767676', 'dropdown-background': '#ffffff', 'dropdown-foreground': '#3b3b3b',
  'dropdown-border': '#cecece', 'panelTitle-activeForeground': '#3b3b3b', 'panelTitle-activeBorder': '#005fb8', 'panelTitle-inactiveForeground': '#3b3b3b',
  'settings-dropdownListBorder': '#cecece', 'list-focusOutline': '#005fb8', 'contrastBorder': 'transparent',
  'settings-dropdownBackground': '#ffffff', 'settings-dropdownForeground': '#3b3b3b', 'settings-dropdownBorder': '#cecece',
  'settings-textInputBackground': '#ffffff', 'settings-textInputForeground': '#3b3b3b', 'settings-headerBorder': '#e5e5e5',
  'panel-background': '#f8f8f8', 'badge-background': '#cccccc', 'badge-foreground': '#3b3b3b', 'widget-shadow': 'rgba(0, 0, 0, 0.16)',
  'list-highlightForeground': '#0066bf', 'list-focusHighlightForeground': '#0066bf', 'list-hoverForeground': '#3b3b3b', 'textLink-foreground': '#005fb8',
  'checkbox-background': '#f8f8f8', 'checkbox-border': '#cecece', 'checkbox-foreground': '#3b3b3b',
};

const DARK: Record<string, string> = {
  'editor-background': '#1f1f1f', 'editor-foreground': '#cccccc', foreground: '#cccccc', descriptionForeground: '#9d9d9d',
  'panel-border': '#2b2b2b', 'widget-border': '#313131', 'editorWidget-background': '#202020', 'editorWidget-border': '#454545',
  focusBorder: '#0078d4', 'charts-green': '#89d185', 'charts-red': '#f14c4c', 'charts-blue': '#3794ff', 'charts-orange': '#d18616',
  'charts-purple': '#b180d7', 'charts-yellow': '#cca700', 'list-hoverBackground': '#2a2d2e', 'list-activeSelectionBackground': '#04395e',
  'list-activeSelectionForeground': '#ffffff', 'list-inactiveSelectionBackground': '#37373d', 'editorWarning-foreground': '#cca700',
  'inputValidation-warningBackground': '#352a05', errorForeground: '#f85149', 'textCodeBlock-background': '#2b2b2b',
  'diffEditor-insertedLineBackground': 'rgba(155, 185, 85, 0.2)', 'editorLineNumber-foreground': '#6e7681',
  'button-background': '#0078d4', 'button-foreground': '#ffffff', 'button-hoverBackground': '#026ec1', 'button-secondaryBackground': '#313131',
  'button-secondaryForeground': '#cccccc', 'button-secondaryHoverBackground': '#3c3c3c', 'input-background': '#313131', 'input-foreground': '#cccccc',
  'input-border': '#3c3c3c', 'input-placeholderForeground': '#989898', 'dropdown-background': '#313131', 'dropdown-foreground': '#cccccc',
  'dropdown-border': '#3c3c3c', 'panelTitle-activeForeground': '#cccccc', 'panelTitle-activeBorder': '#0078d4', 'panelTitle-inactiveForeground': '#9d9d9d',
  'settings-dropdownListBorder': '#454545', 'list-focusOutline': '#0078d4', 'contrastBorder': 'transparent',
  'settings-dropdownBackground': '#313131', 'settings-dropdownForeground': '#cccccc', 'settings-dropdownBorder': '#3c3c3c',
  'settings-textInputBackground': '#313131', 'settings-textInputForeground': '#cccccc', 'settings-headerBorder': '#2b2b2b',
  'panel-background': '#181818', 'badge-background': '#616161', 'badge-foreground': '#f8f8f8', 'widget-shadow': 'rgba(0, 0, 0, 0.36)',
  'list-highlightForeground': '#2aaaff', 'list-focusHighlightForeground': '#2aaaff', 'list-hoverForeground': '#cccccc', 'textLink-foreground': '#4daafc',
  'checkbox-background': '#313131', 'checkbox-border': '#3c3c3c', 'checkbox-foreground': '#cccccc',
};

const HIGH_CONTRAST: Record<string, string> = {
  ...DARK, 'editor-background': '#000000', 'editor-foreground': '#ffffff', foreground: '#ffffff', descriptionForeground: '#ffffff',
  'panel-border': '#6fc3df', 'widget-border': '#6fc3df', contrastBorder: '#6fc3df', focusBorder: '#f38518', 'editorWidget-background': '#0c141f',
};

const COMMON: Record<string, string> = {
  'font-family': "system-ui, -apple-system, 'Segoe UI', Ubuntu, sans-serif", 'font-size': '13px', 'font-weight': 'normal',
  'editor-font-family': "Consolas, 'Courier New', monospace", 'editor-font-size': '12px',
};

function block(selector: string, vars: Record<string, string>): string {
  return `${selector} {\n${Object.entries({ ...COMMON, ...vars }).map(([k, v]) => `  --vscode-${k}: ${v};`).join('\n')}\n}`;
}

export type ThemeName = 'light' | 'dark' | 'high-contrast';

/** The variables of one theme, as `--vscode-…` names (what VS Code sets on the webview's <html>). */
export function themeVariables(theme: ThemeName): Record<string, string> {
  const vars = { ...COMMON, ...(theme === 'light' ? LIGHT : theme === 'dark' ? DARK : HIGH_CONTRAST) };
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [`--vscode-${k}`, v]));
}

/** CSS defining the variables for `body.vscode-light`, `.vscode-dark`, `.vscode-high-contrast`. */
export function reportThemeCss(): string {
  return [
    block('body.vscode-light, body.vscode-high-contrast-light', LIGHT),
    block('body.vscode-dark', DARK),
    block('body.vscode-high-contrast', HIGH_CONTRAST),
  ].join('\n');
}
