export { DEFAULT_BUDGET_THRESHOLDS, budgetLevel, budgetTarget, contextLimit, ownWindow, parseBudgetThresholds, targetWindow, type BudgetLevel, type BudgetTarget, type BudgetThresholds } from './budget';
export { encodingForModel, takesChatRequests } from './modelEncoding';
export { MODEL_OVERRIDE_FIELDS, mergeModelOverrides, type MergedModels } from './modelOverrides';
export {
  DEFAULT_MODEL,
  DEFAULT_MODELS,
  DEFAULT_MODEL_TABLE,
  DEFAULT_PRICES_DATE,
  ModelTable,
  OPENAI_PRICING_SOURCE,
  inputCost,
  type ModelInfo,
  type ModelPrice,
} from './modelTable';
