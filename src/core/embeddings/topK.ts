/** Keeps the k highest-scoring ids seen so far (a min-heap on score; ties favour the lower id). */
export class TopK {
  readonly ids: Int32Array;
  readonly scores: Float64Array;
  size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`k must be an integer ≥ 1, got ${capacity}`);
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /** Whether `score` would enter (cheap test for hot loops). */
  accepts(score: number, id: number): boolean {
    return this.size < this.capacity || worse(this.scores[0], this.ids[0], score, id);
  }

  offer(id: number, score: number): void {
    if (this.size < this.capacity) {
      this.ids[this.size] = id;
      this.scores[this.size] = score;
      this.siftUp(this.size++);
    } else if (worse(this.scores[0], this.ids[0], score, id)) {
      this.ids[0] = id;
      this.scores[0] = score;
      this.siftDown(0);
    }
  }

  /** Entries best first. */
  sorted(): { id: number; score: number }[] {
    const entries = Array.from({ length: this.size }, (_, i) => ({ id: this.ids[i], score: this.scores[i] }));
    return entries.sort((a, b) => b.score - a.score || a.id - b.id);
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!worse(this.scores[index], this.ids[index], this.scores[parent], this.ids[parent])) return;
      this.swap(index, parent);
      index = parent;
    }
  }

  private siftDown(index: number): void {
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < this.size && worse(this.scores[left], this.ids[left], this.scores[smallest], this.ids[smallest])) smallest = left;
      if (right < this.size && worse(this.scores[right], this.ids[right], this.scores[smallest], this.ids[smallest])) smallest = right;
      if (smallest === index) return;
      this.swap(index, smallest);
      index = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const { ids, scores } = this;
    [ids[a], ids[b]] = [ids[b], ids[a]];
    [scores[a], scores[b]] = [scores[b], scores[a]];
  }
}

/** Whether (scoreA, idA) ranks below (scoreB, idB). */
function worse(scoreA: number, idA: number, scoreB: number, idB: number): boolean {
  return scoreA < scoreB || (scoreA === scoreB && idA > idB);
}
