/** Text formatting for the panel, pure (unit-tested in Node): templates and numbers in the UI language. */

/** Fills `{0}`, `{1}`… in a localised template; a missing argument leaves its marker. */
export function fill(template: string, ...args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (marker, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? marker : String(value);
  });
}

export class NumberFormats {
  private readonly integer: Intl.NumberFormat;
  private readonly percent: Intl.NumberFormat;
  private readonly decimal: Intl.NumberFormat;

  constructor(locale: string) {
    const safe = supported(locale);
    this.integer = new Intl.NumberFormat(safe, { maximumFractionDigits: 0 });
    this.percent = new Intl.NumberFormat(safe, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    this.decimal = new Intl.NumberFormat(safe, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  /** 38597376 → "38,597,376". */
  int(value: number): string {
    return this.integer.format(value);
  }

  /** 0.0312 → "3.1%". */
  pct(value: number): string {
    return this.percent.format(value);
  }

  /** 3.14159 → "3.14". */
  dec(value: number): string {
    return this.decimal.format(value);
  }
}

function supported(locale: string): string {
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale]).length > 0 ? locale : 'en';
  } catch {
    return 'en';
  }
}

/** A token's text shortened for a plot label: at most `max` characters, whole code points. */
export function shortLabel(text: string, max = 14): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}
