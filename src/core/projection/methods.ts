/** The projection methods, in the order the CLI and the panel offer them. */
export const PROJECTION_METHODS = ['pca', 'umap', 'tsne'] as const;

export type ProjectionMethod = (typeof PROJECTION_METHODS)[number];

export function isProjectionMethod(value: unknown): value is ProjectionMethod {
  return PROJECTION_METHODS.some((method) => method === value);
}
