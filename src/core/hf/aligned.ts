/**
 * Text rewritten by normalizers, still knowing where each UTF-16 unit came from in the
 * original, so token spans point into the user's text even after "▁" replaced spaces or NFC
 * composed accents. Identity (no rewrite yet) needs no arrays.
 */
import type { Rewrite } from './spec';

export interface AlignedText {
  readonly text: string;
  /** Unit i came from original [starts[i], ends[i]); undefined: from [base + i, base + i + 1). */
  readonly starts: Int32Array | undefined;
  readonly ends: Int32Array | undefined;
  readonly base: number;
}

export function identity(text: string, base: number): AlignedText {
  return { text, starts: undefined, ends: undefined, base };
}

export function originStart(aligned: AlignedText, unit: number): number {
  return aligned.starts ? aligned.starts[unit] : aligned.base + unit;
}

/** End of the original span of the unit before `unitEnd`. */
export function originEnd(aligned: AlignedText, unitEnd: number): number {
  return aligned.ends ? aligned.ends[unitEnd - 1] : aligned.base + unitEnd;
}

/** Builds a rewritten text piece by piece: each piece's units all come from one original span. */
class Builder {
  private text = '';
  private starts: number[] = [];
  private ends: number[] = [];

  add(piece: string, start: number, end: number): void {
    this.text += piece;
    for (let i = 0; i < piece.length; i++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** Copies units [from, to) of `source` with their own origins. */
  copy(source: AlignedText, from: number, to: number): void {
    this.text += source.text.slice(from, to);
    for (let i = from; i < to; i++) {
      this.starts.push(originStart(source, i));
      this.ends.push(originEnd(source, i + 1));
    }
  }

  build(): AlignedText {
    return { text: this.text, starts: Int32Array.from(this.starts), ends: Int32Array.from(this.ends), base: 0 };
  }
}

export function applyRewrites(aligned: AlignedText, rewrites: readonly Rewrite[]): AlignedText {
  for (const rewrite of rewrites) aligned = applyRewrite(aligned, rewrite);
  return aligned;
}

function applyRewrite(aligned: AlignedText, rewrite: Rewrite): AlignedText {
  const { text } = aligned;
  switch (rewrite.kind) {
    case 'replace': {
      let at = text.indexOf(rewrite.pattern);
      if (at < 0) return aligned;
      if (rewrite.pattern.length === rewrite.content.length && aligned.starts === undefined && rewrite.content.length === 1) {
        // One unit for one unit (" " → "▁"): the origins do not move.
        return { ...aligned, text: text.split(rewrite.pattern).join(rewrite.content) };
      }
      const out = new Builder();
      let from = 0;
      for (; at >= 0; at = text.indexOf(rewrite.pattern, from)) {
        out.copy(aligned, from, at);
        from = at + rewrite.pattern.length;
        out.add(rewrite.content, originStart(aligned, at), originEnd(aligned, from));
      }
      out.copy(aligned, from, text.length);
      return out.build();
    }
    case 'prepend': {
      if (text.length === 0) return aligned;
      if (rewrite.unlessStartsWith !== undefined && text.startsWith(rewrite.unlessStartsWith)) return aligned;
      if (rewrite.firstSectionOnly && originStart(aligned, 0) !== 0) return aligned;
      // The new units belong to the first character.
      const first = (text.codePointAt(0) ?? 0) > 0xffff ? 2 : 1;
      const out = new Builder();
      out.add(rewrite.prefix, originStart(aligned, 0), originEnd(aligned, first));
      out.copy(aligned, 0, text.length);
      return out.build();
    }
    case 'unicode': {
      const whole = text.normalize(rewrite.form);
      if (whole === text) return aligned;
      // Normalize cluster by cluster (a character and the marks/jamo after it) so each keeps its origin.
      const out = new Builder();
      const clusters = /[\s\S][\p{M}\u1160-\u11ff]*/gu;
      for (let match = clusters.exec(text); match; match = clusters.exec(text)) {
        const end = match.index + match[0].length;
        const cluster = match[0].normalize(rewrite.form);
        // Unchanged clusters keep their own origins, so spans never depend on text elsewhere in the section.
        if (cluster === match[0]) out.copy(aligned, match.index, end);
        else out.add(cluster, originStart(aligned, match.index), originEnd(aligned, end));
      }
      const built = out.build();
      if (built.text === whole) return built;
      // Composition crossed clusters: one span for the whole text, exact ids, coarse spans.
      const coarse = new Builder();
      coarse.add(whole, originStart(aligned, 0), originEnd(aligned, text.length));
      return coarse.build();
    }
  }
}
