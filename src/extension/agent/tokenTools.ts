/**
 * Tools for chat agents (`contributes.languageModelTools`): count the tokens of a text or a workspace
 * file, and split a short text into its tokens, with the tokenizers the editor uses. Bad input is
 * answered with a one-line message in the result, never an exception.
 */
import * as vscode from 'vscode';
import { type TokenText, tokenTexts } from '../../core/tokenizer/segments';
import type { Configuration } from '../config';
import { AgentTools, Settings, settingId } from '../constants';
import type { Log } from '../log';
import type { TokenizerService } from '../tokenizerService';
import { formatInteger } from '../util/format';
import { countInSlices } from '../util/slices';
import { type CountInput, type SplitInput, checkCountInput, checkSplitInput, resolveTokenizer, tokenizerLabel } from './toolInput';
import { readWorkspaceText } from './workspaceFile';

/** "Short text" for a split: its pieces come back one by one, and they are read by a model. */
export const MAX_SPLIT_CHARS = 4000;

/** What a tool says before it runs (for tests: the chat view shows it, invokeTool outside a chat confirms it). */
export interface PreparedMessages {
  readonly invocation: string;
  readonly confirmation: string;
}

type Reporter = Pick<Log, 'info' | 'warn'>;

const textResult = (...parts: string[]) => new vscode.LanguageModelToolResult(parts.map((part) => new vscode.LanguageModelTextPart(part)));

function plain(message: string | vscode.MarkdownString | undefined): string {
  return typeof message === 'string' ? message : (message?.value ?? '');
}

function tooLong(characters: number, limit: number, limitName: string): string {
  return vscode.l10n.t('the text is {0} characters; expected at most {1} ({2})', formatInteger(characters), formatInteger(limit), limitName);
}

class CountTokensTool implements vscode.LanguageModelTool<CountInput> {
  constructor(
    private readonly tokenizer: TokenizerService,
    private readonly config: Configuration,
    private readonly log: Reporter,
  ) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<CountInput>): vscode.PreparedToolInvocation {
    const checked = checkCountInput(options.input);
    const input = 'value' in checked ? checked.value : {};
    const what = input.path ?? vscode.l10n.t('a text of {0} characters', formatInteger(input.text?.length ?? 0));
    const using = tokenizerLabel(this.tokenizer, input.tokenizer);
    return {
      invocationMessage: vscode.l10n.t('Counting the tokens of {0} with {1}', what, using),
      confirmationMessages: { title: vscode.l10n.t('Count tokens with Token Lens'), message: new vscode.MarkdownString(vscode.l10n.t('Count the tokens of {0} with {1}?', what, using)) },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<CountInput>, cancellation: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const checked = checkCountInput(options.input);
    if ('error' in checked) return this.refuse(checked.error);
    const input = checked.value;
    const limit = this.config.maxDocumentSize;
    let label: string;
    let text: string;
    if (input.path !== undefined) {
      const file = await readWorkspaceText(input.path, limit);
      if ('error' in file) return this.refuse(file.error);
      ({ label, text } = file);
    } else {
      text = input.text ?? '';
      label = vscode.l10n.t('the text');
      if (text.length > limit) return this.refuse(tooLong(text.length, limit, settingId(Settings.maxDocumentSize)));
    }
    const resolved = await resolveTokenizer(this.tokenizer, input.tokenizer);
    if ('error' in resolved) return this.refuse(resolved.error);
    const encoder = resolved.value;
    const tokens = await countInSlices(encoder, text, this.tokenizer.options, () => cancellation.isCancellationRequested);
    if (tokens === undefined) throw new vscode.CancellationError();
    this.log.info(vscode.l10n.t('Chat tool: counted {0} tokens ({1}) in {2}', tokens, encoder.name, label));
    return textResult(
      vscode.l10n.t('{0} tokens ({1}) in {2}, {3} characters.', formatInteger(tokens), encoder.name, label, formatInteger(text.length)),
      JSON.stringify({ tokens, characters: text.length, tokenizer: encoder.name }),
    );
  }

  private refuse(message: string): vscode.LanguageModelToolResult {
    this.log.warn(vscode.l10n.t('Chat tool {0}: {1}', AgentTools.countTokens, message));
    return textResult(vscode.l10n.t('Token Lens: {0}', message));
  }
}

class SplitTokensTool implements vscode.LanguageModelTool<SplitInput> {
  constructor(
    private readonly tokenizer: TokenizerService,
    private readonly log: Reporter,
  ) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<SplitInput>): vscode.PreparedToolInvocation {
    const checked = checkSplitInput(options.input);
    const what = vscode.l10n.t('a text of {0} characters', formatInteger('value' in checked ? checked.value.text.length : 0));
    const using = tokenizerLabel(this.tokenizer, 'value' in checked ? checked.value.tokenizer : undefined);
    return {
      invocationMessage: vscode.l10n.t('Splitting {0} into tokens with {1}', what, using),
      confirmationMessages: { title: vscode.l10n.t('Split text into tokens with Token Lens'), message: new vscode.MarkdownString(vscode.l10n.t('Split {0} into tokens with {1}?', what, using)) },
    };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<SplitInput>): Promise<vscode.LanguageModelToolResult> {
    const checked = checkSplitInput(options.input);
    if ('error' in checked) return this.refuse(checked.error);
    const { text, tokenizer: wanted } = checked.value;
    if (text.length > MAX_SPLIT_CHARS) return this.refuse(tooLong(text.length, MAX_SPLIT_CHARS, vscode.l10n.t('count longer texts with {0}', AgentTools.countTokens)));
    const resolved = await resolveTokenizer(this.tokenizer, wanted);
    if ('error' in resolved) return this.refuse(resolved.error);
    const encoder = resolved.value;
    const pieces: TokenText[] = tokenTexts(encoder, text, this.tokenizer.options);
    this.log.info(vscode.l10n.t('Chat tool: split {0} characters into {1} tokens ({2})', text.length, pieces.length, encoder.name));
    return textResult(
      vscode.l10n.t('{0} tokens ({1}). Each piece has the token id and its text, or the UTF-8 bytes in hex where a token holds part of a character:', formatInteger(pieces.length), encoder.name),
      JSON.stringify({ tokens: pieces.length, tokenizer: encoder.name, pieces }),
    );
  }

  private refuse(message: string): vscode.LanguageModelToolResult {
    this.log.warn(vscode.l10n.t('Chat tool {0}: {1}', AgentTools.splitTokens, message));
    return textResult(vscode.l10n.t('Token Lens: {0}', message));
  }
}

/** Registers the tools; `prepare` gives what each says before it runs (for tests). */
export function registerTokenTools(
  tokenizer: TokenizerService,
  config: Configuration,
  log: Reporter,
): vscode.Disposable & { prepare(name: string, input: object): Promise<PreparedMessages> } {
  const tools: Record<string, vscode.LanguageModelTool<never>> = {
    [AgentTools.countTokens]: new CountTokensTool(tokenizer, config, log),
    [AgentTools.splitTokens]: new SplitTokensTool(tokenizer, log),
  };
  const registrations = Object.entries(tools).map(([name, tool]) => vscode.lm.registerTool(name, tool));
  return {
    dispose: () => registrations.forEach((registration) => registration.dispose()),
    prepare: async (name, input) => {
      const tool = tools[name];
      const source = new vscode.CancellationTokenSource();
      try {
        const prepared = await tool?.prepareInvocation?.({ input: input as never }, source.token);
        const confirmation = prepared?.confirmationMessages;
        return { invocation: plain(prepared?.invocationMessage), confirmation: confirmation ? `${confirmation.title}\n${plain(confirmation.message)}` : '' };
      } finally {
        source.dispose();
      }
    },
  };
}
