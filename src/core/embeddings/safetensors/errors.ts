/** Every problem with a weights file is reported as one line naming the file, what was expected and what was found. */
export class SafetensorsError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'SafetensorsError';
  }
}

/** A short, one-line picture of a JSON value for error messages. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array ${truncate(JSON.stringify(value))}`;
  switch (typeof value) {
    case 'object':
      return `an object ${truncate(JSON.stringify(value))}`;
    case 'string':
      return `the string ${truncate(JSON.stringify(value))}`;
    case 'undefined':
      return 'nothing';
    default:
      return `${typeof value} ${truncate(JSON.stringify(value) ?? String(value))}`;
  }
}

function truncate(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
