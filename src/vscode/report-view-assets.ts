/**
 * The report view's stylesheet and script, inlined with a nonce (the webview loads nothing,
 * not even from the extension folder). The stylesheet maps the pictures' colour variables to
 * the workbench theme, so light, dark and high-contrast themes apply as the user switches.
 */

export const REPORT_VIEW_CSS = `
:root.gpd-themed {
  --gpd-font: var(--vscode-font-family);
  --gpd-fg: var(--vscode-foreground);
  --gpd-muted: var(--vscode-descriptionForeground);
  --gpd-box: var(--vscode-editor-background);
  --gpd-head: var(--vscode-sideBarSectionHeader-background, var(--vscode-editorWidget-background));
  --gpd-border: var(--vscode-contrastBorder, var(--vscode-widget-border, var(--vscode-panel-border)));
  --gpd-ok: var(--vscode-testing-iconPassed);
  --gpd-notfound: var(--vscode-editorWarning-foreground);
  --gpd-error: var(--vscode-errorForeground);
  --gpd-timeout: var(--vscode-charts-purple);
  --gpd-served: var(--vscode-diffEditor-insertedTextBackground, var(--vscode-editor-background));
  --gpd-grid: var(--vscode-editorIndentGuide-background1, var(--vscode-panel-border));
  --gpd-dns: var(--vscode-charts-blue);
  --gpd-tcp: var(--vscode-charts-yellow);
  --gpd-connect: var(--vscode-charts-purple);
  --gpd-tls: var(--vscode-charts-orange);
  --gpd-ttfb: var(--vscode-charts-green);
  --gpd-body: var(--vscode-descriptionForeground);
  --gpd-focus: var(--vscode-focusBorder);
}
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 20px 32px; }
h1 { font-size: 1.4em; font-weight: 600; margin: 16px 0 4px; }
h2 { font-size: 1.15em; font-weight: 600; margin-top: 24px; padding-bottom: 4px; border-bottom: 1px solid var(--vscode-panel-border, transparent); }
h3 { font-size: 1em; font-weight: 600; margin: 16px 0 4px; }
p { margin: 4px 0; }
code, pre { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
pre { white-space: pre-wrap; overflow-wrap: anywhere; margin: 2px 0; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); padding: 2px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
.gpd-scroll { overflow-x: auto; padding: 4px 0; }
.gpd-toolbar { display: flex; gap: 8px; align-items: center; margin: 8px 0; flex-wrap: wrap; }
.gpd-muted-text { color: var(--vscode-descriptionForeground); }
button { font-family: inherit; font-size: inherit; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: 1px solid var(--vscode-button-border, transparent); padding: 4px 12px; border-radius: 2px; cursor: pointer; }
button:hover { background: var(--vscode-button-hoverBackground); }
button.secondary { color: var(--vscode-button-secondaryForeground); background: var(--vscode-button-secondaryBackground); }
button.secondary:hover { background: var(--vscode-button-secondaryHoverBackground); }
nav a { color: var(--vscode-textLink-foreground); }
:focus-visible, svg.gpd-pic:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: 2px; }
summary { cursor: pointer; }
body.vscode-high-contrast .gpd-pic .gpd-box, body.vscode-high-contrast-light .gpd-pic .gpd-box { stroke-width: 2; }
`.trim();

/**
 * Buttons post commands to the extension (which runs only the ones it knows); the extension
 * asks for a section to be shown; on load the page says it is ready, with what it drew.
 */
export const REPORT_VIEW_SCRIPT = `
(function () {
  const vscode = acquireVsCodeApi();
  document.addEventListener('click', function (e) {
    const b = e.target instanceof Element ? e.target.closest('[data-command]') : null;
    if (b) vscode.postMessage({ type: 'command', command: b.getAttribute('data-command') });
  });
  window.addEventListener('message', function (e) {
    const m = e.data;
    if (m && m.type === 'focus') {
      const el = document.getElementById(m.section);
      if (el) { el.scrollIntoView(); el.focus(); }
    }
  });
  const style = getComputedStyle(document.documentElement);
  vscode.postMessage({
    type: 'ready',
    pictures: document.querySelectorAll('svg.gpd-pic').length,
    focusable: Array.from(document.querySelectorAll('svg.gpd-pic[tabindex="0"], summary, button, a[href]')).length,
    theme: document.body.className,
    okColour: style.getPropertyValue('--vscode-testing-iconPassed').trim(),
  });
})();
`.trim();
