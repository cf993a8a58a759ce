/**
 * The safetensors format disallows duplicate keys in its header, but JSON.parse keeps the last
 * one silently: a file could then show one tensor here and another to a reader that keeps the first.
 */

/** The first key (decoded) that some object of `json` holds twice, or undefined. `json` must already be valid JSON. */
export function firstDuplicateKey(json: string): string | undefined {
  // One set of keys per open object; null for an open array.
  const open: (Set<string> | null)[] = [];
  let expectingKey = false;
  for (let i = 0; i < json.length; i++) {
    const character = json[i];
    if (character === '"') {
      const end = stringEnd(json, i);
      const keys = open[open.length - 1];
      if (keys && expectingKey) {
        const key = JSON.parse(json.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectingKey = false;
      }
      i = end;
    } else if (character === '{') {
      open.push(new Set());
      expectingKey = true;
    } else if (character === '[') {
      open.push(null);
    } else if (character === '}' || character === ']') {
      open.pop();
    } else if (character === ',') {
      expectingKey = open[open.length - 1] != null;
    }
  }
  return undefined;
}

/** The index of the quote closing the string that opens at `start`. */
function stringEnd(json: string, start: number): number {
  let i = start + 1;
  while (json[i] !== '"') i += json[i] === '\\' ? 2 : 1;
  return i;
}
