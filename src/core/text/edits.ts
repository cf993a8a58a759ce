/** A replacement in a text: `[offset, offset + removed)` became `inserted` characters. */
export interface TextChange {
  readonly offset: number;
  readonly removed: number;
  readonly inserted: number;
}

/**
 * One change covering several simultaneous, non-overlapping changes given in offsets of the
 * text before all of them (as a multi-cursor edit reports them).
 */
export function coverChanges(changes: readonly { offset: number; removed: number; insertedText: string }[]): TextChange {
  let start = Infinity;
  let oldEnd = -Infinity;
  let delta = 0;
  for (const change of changes) {
    start = Math.min(start, change.offset);
    oldEnd = Math.max(oldEnd, change.offset + change.removed);
    delta += change.insertedText.length - change.removed;
  }
  if (changes.length === 0) return { offset: 0, removed: 0, inserted: 0 };
  return { offset: start, removed: oldEnd - start, inserted: oldEnd - start + delta };
}
