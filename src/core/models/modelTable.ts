/**
 * The models Token Lens measures against: context window, maximum output, price and encoding.
 * Prices change, so every price carries its date and source, the built-in table is dated,
 * and settings can override any entry (modelOverrides.ts).
 */
import type { EncodingName } from '../tokenizer/encodings';

export interface ModelPrice {
  /** US dollars per million input (prompt) tokens. */
  readonly inputPerMillion: number;
  /** US dollars per million output (completion) tokens. */
  readonly outputPerMillion: number;
  /** When the price was read, YYYY-MM-DD. */
  readonly date: string;
  /** Where it was read; undefined for a price set in settings without one. */
  readonly source: string | undefined;
}

export interface ModelInfo {
  readonly id: string;
  /** For people: "GPT-4o". */
  readonly label: string;
  readonly encoding: EncodingName;
  /** Tokens the model reads and writes in one request (input + output). */
  readonly contextWindow: number;
  /** Most tokens one reply may have; undefined when the model has no separate limit. */
  readonly maxOutput: number | undefined;
  /** Undefined for models no longer sold. */
  readonly price: ModelPrice | undefined;
  /** Whether it takes chat requests (and so chat framing applies). */
  readonly chat: boolean;
}

/** When the built-in prices were last read from the source below. */
export const DEFAULT_PRICES_DATE = '2025-08-07';
export const OPENAI_PRICING_SOURCE = 'https://platform.openai.com/docs/pricing';

function openAi(id: string, label: string, encoding: EncodingName, contextWindow: number, maxOutput: number, input: number, output: number): ModelInfo {
  const price = { inputPerMillion: input, outputPerMillion: output, date: DEFAULT_PRICES_DATE, source: OPENAI_PRICING_SOURCE };
  return { id, label, encoding, contextWindow, maxOutput, price, chat: true };
}

function legacy(id: string, label: string, contextWindow: number): ModelInfo {
  return { id, label, encoding: 'r50k_base', contextWindow, maxOutput: undefined, price: undefined, chat: false };
}

export const DEFAULT_MODELS: readonly ModelInfo[] = [
  legacy('gpt-2', 'GPT-2', 1024),
  legacy('gpt-3', 'GPT-3', 2048),
  openAi('gpt-3.5-turbo', 'GPT-3.5-turbo', 'cl100k_base', 16_385, 4096, 0.5, 1.5),
  openAi('gpt-4', 'GPT-4', 'cl100k_base', 8192, 8192, 30, 60),
  openAi('gpt-4-turbo', 'GPT-4 Turbo', 'cl100k_base', 128_000, 4096, 10, 30),
  openAi('gpt-4o', 'GPT-4o', 'o200k_base', 128_000, 16_384, 2.5, 10),
  openAi('gpt-4o-mini', 'GPT-4o mini', 'o200k_base', 128_000, 16_384, 0.15, 0.6),
  openAi('gpt-4.1', 'GPT-4.1', 'o200k_base', 1_047_576, 32_768, 2, 8),
  openAi('gpt-4.1-mini', 'GPT-4.1 mini', 'o200k_base', 1_047_576, 32_768, 0.4, 1.6),
  openAi('gpt-4.1-nano', 'GPT-4.1 nano', 'o200k_base', 1_047_576, 32_768, 0.1, 0.4),
  openAi('o1', 'o1', 'o200k_base', 200_000, 100_000, 15, 60),
  openAi('o3', 'o3', 'o200k_base', 200_000, 100_000, 2, 8),
  openAi('o3-mini', 'o3-mini', 'o200k_base', 200_000, 100_000, 1.1, 4.4),
  openAi('o4-mini', 'o4-mini', 'o200k_base', 200_000, 100_000, 1.1, 4.4),
  openAi('gpt-5', 'GPT-5', 'o200k_base', 400_000, 128_000, 1.25, 10),
  openAi('gpt-5-mini', 'GPT-5 mini', 'o200k_base', 400_000, 128_000, 0.25, 2),
  openAi('gpt-5-nano', 'GPT-5 nano', 'o200k_base', 400_000, 128_000, 0.05, 0.4),
];

export const DEFAULT_MODEL = 'gpt-4o';

/** A table looked up by id (case-insensitive). */
export class ModelTable {
  private readonly byId = new Map<string, ModelInfo>();

  constructor(readonly models: readonly ModelInfo[]) {
    for (const model of models) this.byId.set(model.id.toLowerCase(), model);
  }

  find(id: string): ModelInfo | undefined {
    return this.byId.get(id.trim().toLowerCase());
  }

  /** The model, or the default one when the id is unknown. */
  resolve(id: string): ModelInfo {
    return this.find(id) ?? this.find(DEFAULT_MODEL) ?? this.models[0];
  }
}

export const DEFAULT_MODEL_TABLE = new ModelTable(DEFAULT_MODELS);

/** What `tokens` input tokens cost at the model's price, in US dollars; undefined without a price. */
export function inputCost(tokens: number, model: ModelInfo): number | undefined {
  return model.price && (tokens * model.price.inputPerMillion) / 1_000_000;
}
