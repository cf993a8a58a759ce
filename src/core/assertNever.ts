/** Ends an exhaustive `switch`: the compiler proves `value` cannot occur; if it does at run time, say what it was. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what} ${JSON.stringify(value)}`);
}
