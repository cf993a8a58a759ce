/** Where vectors come from, as a closed list (light: the panel's protocol imports it). */
export const VECTOR_PROVENANCES = ['untrained', 'miniature', 'pretrained'] as const;
export type VectorProvenance = (typeof VECTOR_PROVENANCES)[number];
