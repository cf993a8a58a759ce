/** Which window counts made with a tokenizer are measured against, for the extension and the CLI alike. */
import { type BudgetTarget, budgetTarget } from '../models/budget';
import type { ModelInfo } from '../models/modelTable';
import type { TextTokenizer } from '../tokenizer/textTokenizer';
import { HfTokenizer } from './hfTokenizer';

/** Counts made with `tokenizer`: an open model's own window when its config says, else `configured`'s. */
export function tokenizerBudgetTarget(configured: ModelInfo, tokenizer: TextTokenizer | undefined): BudgetTarget {
  return budgetTarget(configured, tokenizer instanceof HfTokenizer ? { label: tokenizer.name, contextLength: tokenizer.contextLength } : undefined);
}
