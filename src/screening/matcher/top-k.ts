/**
 * The k best (id, score) pairs of a stream, in a fixed-size binary min-heap over typed arrays:
 * O(n log k) with no allocation per item, where sorting every candidate of a common name in a
 * million-name index would cost milliseconds.
 */
export class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;
  private k = 0;

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  reset(k: number): void {
    this.k = Math.min(k, this.ids.length);
    this.size = 0;
  }

  /** Whether an item with this score would be kept. */
  accepts(score: number): boolean {
    return this.size < this.k || score > this.scores[0]!;
  }

  offer(id: number, score: number): void {
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (this.scores[parent]! <= score) break;
        this.ids[i] = this.ids[parent]!;
        this.scores[i] = this.scores[parent]!;
        i = parent;
      }
      this.ids[i] = id;
      this.scores[i] = score;
    } else if (this.k > 0 && score > this.scores[0]!) {
      this.siftDown(id, score);
    }
  }

  /** Replaces the smallest with (id, score) and restores the heap. */
  private siftDown(id: number, score: number): void {
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && this.scores[right]! < this.scores[left]! ? right : left;
      if (this.scores[child]! >= score) break;
      this.ids[i] = this.ids[child]!;
      this.scores[i] = this.scores[child]!;
      i = child;
    }
    this.ids[i] = id;
    this.scores[i] = score;
  }

  /** The ids kept, best first; empties the heap. */
  drain(): number[] {
    const out = new Array<number>(this.size);
    while (this.size > 0) {
      out[this.size - 1] = this.ids[0]!;
      const lastId = this.ids[this.size - 1]!;
      const lastScore = this.scores[this.size - 1]!;
      this.size--;
      if (this.size > 0) this.siftDown(lastId, lastScore);
    }
    return out;
  }
}
