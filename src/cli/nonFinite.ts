/**
 * Weights holding NaN or ±Infinity. JSON has no number for them and `null` already means "no
 * position vector", so the CLI writes them as the strings "NaN", "Infinity" and "-Infinity",
 * and says once, on stderr, which rows it met.
 */
import { type TokenEmbedding, allFinite, float32ForJson } from '../core/embeddings';

/** A float32 for JSON: the shortest decimal, or "NaN" / "Infinity" / "-Infinity". */
export function float32JsonValue(value: number): number | string {
  return Number.isFinite(value) ? float32ForJson(value) : String(value);
}

/** The rows holding NaN or ±Infinity among those read. */
export class NonFiniteRows {
  private readonly word = new Set<number>();
  private readonly position = new Set<number>();

  note(token: TokenEmbedding): void {
    if (!this.word.has(token.id) && !allFinite(token.wordVector)) this.word.add(token.id);
    const position = token.positionVector;
    if (position && !this.position.has(token.position) && !allFinite(position)) this.position.add(token.position);
  }

  /** The one warning line, or undefined when every row read was finite. */
  warning(sourceName: string): string | undefined {
    const rows = this.word.size + this.position.size;
    if (rows === 0) return undefined;
    const parts = [list('word', this.word), list('position', this.position)].filter((part) => part !== '');
    return `token-lens: warning: ${sourceName}: ${rows} row${rows === 1 ? '' : 's'} read hold${rows === 1 ? 's' : ''} NaN or ±Infinity (${parts.join('; ')})\n`;
  }
}

function list(table: string, rows: ReadonlySet<number>): string {
  if (rows.size === 0) return '';
  const shown = [...rows].sort((a, b) => a - b);
  const more = shown.length > 5 ? ', …' : '';
  return `${table} row${rows.size === 1 ? '' : 's'} ${shown.slice(0, 5).join(', ')}${more}`;
}
