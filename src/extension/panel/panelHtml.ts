import * as vscode from 'vscode';

/** The folder the webview may load from: the built script and the stylesheet, nothing else. */
export function panelResourceRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

export function panelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableForms: false, enableCommandUris: false, localResourceRoots: [panelResourceRoot(extensionUri)] };
}

/** 128 random bits, base64: a fresh one for every page load. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The panel's page: a skeleton the script fills in. The policy allows only our stylesheet and
 * our one script (by nonce); no inline script, no inline style, no images, no network.
 */
export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce: string, language: string): string {
  const root = panelResourceRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'build', 'panel.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'panel.css'));
  const policy = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${attribute(language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attribute(style.toString())}">
<title>Token Lens</title>
</head>
<body>
<main id="app" class="app" aria-busy="true">
  <header class="summary">
    <h1 id="title" class="title"></h1>
    <p id="notice" class="notice" hidden></p>
    <button id="show-document" class="link-button" type="button" data-l10n="showDocument" hidden></button>
    <ul id="stats" class="stats"></ul>
    <p id="provenance" class="provenance" hidden></p>
    <button id="offer-trained" class="link-button" type="button" data-l10n="offerTrained" hidden></button>
    <ul id="matrices" class="matrices"></ul>
  </header>
  <section id="training" class="training" hidden>
    <h2 class="training-heading" data-l10n="trainingHeading"></h2>
    <p id="training-status" class="training-status" aria-live="polite"></p>
    <div class="training-plots">
      <svg id="loss-curve" class="loss-curve" role="img"></svg>
      <svg id="tracked-tokens" class="tracked-tokens" role="img"></svg>
    </div>
  </section>
  <section class="strip-section">
    <div class="section-bar">
      <button id="show-ids" class="toggle" type="button" aria-pressed="false" data-l10n="showIds"></button>
    </div>
    <div id="strip" class="strip" role="listbox" tabindex="0" aria-orientation="horizontal" data-l10n-label="stripLabel"></div>
  </section>
  <section class="plot-section">
    <div class="toolbar">
      <div id="kinds" class="segmented" role="group" data-l10n-label="vectors">
        <button type="button" data-kind="word" data-l10n="kindWord"></button>
        <button type="button" data-kind="position" data-l10n="kindPosition"></button>
        <button type="button" data-kind="input" data-l10n="kindInput"></button>
      </div>
      <div id="methods" class="segmented" role="group" data-l10n-label="method">
        <button type="button" data-method="pca" data-l10n="methodPca"></button>
        <button type="button" data-method="umap" data-l10n="methodUmap"></button>
        <button type="button" data-method="tsne" data-l10n="methodTsne"></button>
      </div>
    </div>
    <div class="status-line">
      <span id="status" class="status"></span>
      <progress id="progress" class="progress" max="1" value="0" hidden></progress>
      <button id="cancel" class="link-button" type="button" data-l10n="cancel" hidden></button>
      <span class="spacer"></span>
      <button id="export-svg" class="link-button" type="button" data-l10n="exportSvg"></button>
      <button id="export-png" class="link-button" type="button" data-l10n="exportPng"></button>
    </div>
    <div id="plot" class="plot">
      <canvas id="scatter" class="scatter" tabindex="0" role="img" data-point-count="0"></canvas>
      <div class="plot-buttons">
        <button id="zoom-in" class="icon-button" type="button" data-l10n-label="zoomIn">+</button>
        <button id="zoom-out" class="icon-button" type="button" data-l10n-label="zoomOut">−</button>
        <button id="reset-view" class="icon-button" type="button" data-l10n-label="resetView">⤢</button>
      </div>
      <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
      <p id="plot-help" class="plot-help" data-l10n="plotHelp"></p>
    </div>
  </section>
  <div id="announcer" class="visually-hidden" aria-live="polite"></div>
</main>
<script nonce="${nonce}" src="${attribute(script.toString())}"></script>
</body>
</html>`;
}

function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
