/** Popular open models on the Hugging Face Hub, offered by "Open Model from Hugging Face…" (free input takes any other). */
export interface CuratedHubModel {
  readonly repo: string;
  /** The family, as people name it. */
  readonly family: string;
  /** The Hub asks for a token (after accepting the model's terms). */
  readonly gated: boolean;
}

export const CURATED_HUB_MODELS: readonly CuratedHubModel[] = [
  { repo: 'meta-llama/Llama-3.2-1B', family: 'Llama 3', gated: true },
  { repo: 'Qwen/Qwen3-0.6B', family: 'Qwen 3', gated: false },
  { repo: 'deepseek-ai/DeepSeek-V3', family: 'DeepSeek V3', gated: false },
  { repo: 'google/gemma-3-1b-it', family: 'Gemma 3', gated: true },
  { repo: 'mistralai/Mistral-7B-Instruct-v0.3', family: 'Mistral', gated: true },
  { repo: 'HuggingFaceTB/SmolLM2-135M', family: 'SmolLM 2', gated: false },
  { repo: 'microsoft/phi-4', family: 'Phi-4', gated: false },
  { repo: 'openai-community/gpt2', family: 'GPT-2', gated: false },
];
