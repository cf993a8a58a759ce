import type * as vscode from 'vscode';
import type { EmbeddingShape, MatrixShape } from '../core/embeddings';
import type { VectorProvenance } from '../core/training/vectorProvenance';
import type { PreparedMessages } from './agent/tokenTools';
import type { LogEntry } from './log';
import type { HighlightSnapshot } from './highlight/highlighter';
import type { PanelApi } from './panel/tokenLensPanel';
import type { WorkerStats } from './worker/protocol';

/**
 * What `activate` returns: read-only views of the extension's state, used by the
 * integration tests to check what the user sees (decorations have no getter in VS Code).
 */
export interface TokenLensApi {
  readonly highlighter: {
    enabled(): boolean;
    snapshot(document: vscode.TextDocument): HighlightSnapshot | undefined;
    /** The chat framing last coloured in the document (offsets), undefined when it is not shown as a chat. */
    chatFraming(document: vscode.TextDocument): readonly { readonly start: number; readonly end: number }[] | undefined;
  };
  readonly statusBar: {
    /** The item's text, undefined while it is hidden. */
    text(): string | undefined;
    tooltip(): string;
    /** The commands the tooltip's Markdown links may run ('*' for any). */
    tooltipCommands(): readonly string[];
    visible(): boolean;
    /** The theme colour id of the item's background (the warning or error colour), undefined for none. */
    background(): string | undefined;
  };
  readonly tokenizer: {
    encodingName(): string;
    /** Waits for the configured encoder; its name. */
    ready(): Promise<string | undefined>;
  };
  readonly documents: {
    /** The document's token count once fully tokenized. */
    count(document: vscode.TextDocument): Promise<number | undefined>;
  };
  readonly embeddings: {
    /** The active embedding source, opened if needed. */
    describe(): Promise<{ label: string; learned: boolean; provenance: VectorProvenance; shape: EmbeddingShape; matrices: readonly MatrixShape[] }>;
    /** What the worker holds open: sources, neighbour indexes, weight files. */
    workerStats(): Promise<WorkerStats>;
    /** What was said about the weights (rows holding NaN or ±Infinity), each once per file. */
    warnings(): readonly string[];
  };
  /** The Token Lens panel: its state and the messages exchanged with its webview. */
  readonly panel: PanelApi;
  readonly workspace: {
    /** The Explorer view's rows, every folder expanded: "folder/path", the description and the tooltip shown. */
    rows(): readonly { readonly path: string; readonly description: string; readonly tooltip: string }[];
    /** Scans finished so far. */
    scans(): number;
    /** The Explorer tooltip's token count of a file, undefined when it is not counted. */
    fileTooltip(uri: vscode.Uri): string | undefined;
  };
  readonly training: {
    /** A Train Embeddings run is in progress. */
    running(): boolean;
    /** What its progress notification said, oldest first. */
    messages(): readonly string[];
    /** Cancels it as the notification's Cancel button does; false when none runs. */
    cancel(): boolean;
  };
  readonly log: {
    /** The most recent lines of the Token Lens log output channel, oldest first. */
    entries(): readonly LogEntry[];
  };
  readonly agentTools: {
    /** What a chat tool says before it runs: its progress message, and the confirmation's title and message. */
    prepare(name: string, input: object): Promise<PreparedMessages>;
  };
  readonly settings: {
    /** What was said about out-of-range settings (each once, in the output channel and a warning). */
    warnings(): readonly string[];
  };
  readonly selectTokenizer: {
    /** The Select Tokenizer picker, while it is shown. */
    picker(): vscode.QuickPick<vscode.QuickPickItem> | undefined;
  };
  readonly hub: {
    /** The input box asking for a Hugging Face access token (a gated model answered 401), while it is shown. */
    tokenInput(): vscode.InputBox | undefined;
    /** Download notifications shown so far: only a download opens one. */
    downloadsShown(): number;
  };
}
