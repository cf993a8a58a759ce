export { parseChat, type ChatFormatHint } from './parseChat';
export { MARKDOWN_ROLES, roleHeading } from './markdownChat';
export { countChat, openAiChatFraming, type ChatCount, type ChatFraming, type CountText, type FramingKind, type FramingPart } from './countChat';
export { formatFunctionDefinitions } from './functionFormat';
export { framingTokenFlags } from './framingTokens';
export {
  COUNT_STEPS,
  PREFIX_BUDGET,
  RENDER_CHARS,
  RENDER_ITEMS,
  RENDER_STEPS,
  TemplateBudgetError,
  chatRenderer,
  countRendered,
  templateChatFraming,
  templateMessages,
  type ChatRenderer,
  type ChatRenders,
  type ChatTemplateSpec,
  type TemplateMessage,
} from './templateFraming';
export { documentOffset } from './types';
export type { ChatDocument, ChatMessage, ChatParse, ChatRequest, ChatSourceFormat, ChatText, FunctionDefinition, SourceRange } from './types';
