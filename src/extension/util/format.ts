import * as vscode from 'vscode';

const integers = new Map<string, Intl.NumberFormat>();

/** 1234567 → "1,234,567" in the UI language. */
export function formatInteger(value: number): string {
  const language = vscode.env.language || 'en';
  let format = integers.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
    integers.set(language, format);
  }
  return format.format(value);
}

export function formatDecimal(value: number, digits: number): string {
  return new Intl.NumberFormat(vscode.env.language || 'en', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}
