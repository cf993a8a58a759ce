/** The worker's side of chat counts with an open model's chat_template (see RenderChatRequest). */
import { type ChatRenderer, TemplateBudgetError, chatRenderer } from '../../core/chat';
import type { RenderChatRequest, RenderChatResult } from './protocol';

/** The last template's renderer: a document's chats are rendered again at each edit, with the same template. */
let last: { readonly key: string; readonly render: ChatRenderer } | undefined;

export function renderChats(request: RenderChatRequest): RenderChatResult {
  let render: ChatRenderer;
  try {
    const key = JSON.stringify(request.template);
    if (last?.key !== key) last = { key, render: chatRenderer(request.template) };
    render = last.render;
  } catch (error) {
    return { failure: (error as Error).message, unusable: true };
  }
  try {
    return { renders: request.chats.map((messages) => render(messages)) };
  } catch (error) {
    return { failure: (error as Error).message, unusable: error instanceof TemplateBudgetError };
  }
}
