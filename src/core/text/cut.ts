/** Cutting text to a length without leaving half a character behind. */

/** `text`'s first `max` UTF-16 units, or one fewer when the last would be the first half of a surrogate pair (an emoji's, say). */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
