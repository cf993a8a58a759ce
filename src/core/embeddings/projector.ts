/**
 * Export for the TensorFlow Embedding Projector (https://projector.tensorflow.org): a
 * `vectors.tsv` of tab-separated numbers, one row per point, and a `metadata.tsv` with a
 * header line and one line per point in the same order.
 */
import { float32ToString } from './vectorMath';

export interface ProjectorPoint {
  /** Shown in the projector, e.g. the token text " the". */
  readonly label: string;
  readonly id: number;
  /** Position of the token in its text; a `position` column is written when every point has one. */
  readonly position?: number;
  readonly vector: ArrayLike<number>;
}

export interface ProjectorFiles {
  readonly vectors: string;
  readonly metadata: string;
}

export function projectorTsv(points: Iterable<ProjectorPoint>): ProjectorFiles {
  const list = Array.from(points);
  const withPositions = list.length > 0 && list.every((point) => point.position !== undefined);
  const vectorLines: string[] = [];
  const metadataLines = [withPositions ? 'token\tid\tposition' : 'token\tid'];
  let dimension: number | undefined;
  for (const point of list) {
    dimension ??= point.vector.length;
    if (point.vector.length !== dimension) {
      throw new RangeError(`projector export: expected every vector to have ${dimension} dimensions, found ${point.vector.length} for id ${point.id}`);
    }
    vectorLines.push(Array.from(point.vector, float32ToString).join('\t'));
    metadataLines.push(`${escapeTsvField(point.label)}\t${point.id}${withPositions ? `\t${point.position}` : ''}`);
  }
  return { vectors: joinLines(vectorLines), metadata: joinLines(metadataLines) };
}

/**
 * One TSV field: backslash, tab, newline and carriage return become \\ \t \n \r; other control
 * characters become \u00XX. An empty label becomes "" so the line keeps its column.
 */
export function escapeTsvField(text: string): string {
  if (text === '') return '""';
  return text.replace(/[\\\t\n\r\u0000-\u001f\u007f]/g, (character) => {
    switch (character) {
      case '\\':
        return '\\\\';
      case '\t':
        return '\\t';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      default:
        return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
