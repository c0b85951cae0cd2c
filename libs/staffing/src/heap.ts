/** A binary min-heap of integer ids ordered by `less`, on a growable Int32Array (no per-item objects). */
export class IdHeap {
  private items: Int32Array;
  size = 0;

  constructor(private readonly less: (a: number, b: number) => boolean, capacity = 16) {
    this.items = new Int32Array(Math.max(1, capacity));
  }

  push(id: number): void {
    if (this.size === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const items = this.items;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(id, items[parent])) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = id;
  }

  peek(): number {
    return this.size > 0 ? this.items[0] : -1;
  }

  pop(): number {
    if (this.size === 0) return -1;
    const items = this.items;
    const top = items[0];
    const last = items[--this.size];
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(items[r], items[l]) ? r : l;
      if (!this.less(items[child], last)) break;
      items[i] = items[child];
      i = child;
    }
    if (n > 0) items[i] = last;
    return top;
  }
}
