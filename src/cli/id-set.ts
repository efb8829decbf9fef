/**
 * A set of ids kept as 64-bit hashes in one typed array (open addressing): about 16 bytes an id
 * whatever its length, where a Set of strings costs some 75. `parley batch` keeps every id it has
 * seen (to skip those answered and to refuse a repeated one), so a million lines cost some 16 MB.
 * Two different ids share a hash with a chance of about n²/2⁶⁴ (1 in 30 million for a million ids).
 */

/** Two independent 32-bit FNV-1a hashes of the id's UTF-16 code units. */
function hash(id: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ id.length;
  for (let i = 0; i < id.length; i++) {
    const unit = id.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit ^ (unit << 7), 0x5bd1e995);
  }
  // Never (0, 0): that marks an empty slot.
  return [a >>> 0, (b | 1) >>> 0];
}

export class IdSet {
  #slots = new Uint32Array(2 * 1024);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  has(id: string): boolean {
    const [a, b] = hash(id);
    return this.#find(this.#slots, a, b) < 0;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    const [a, b] = hash(id);
    const at = this.#find(this.#slots, a, b);
    if (at < 0) return false;
    this.#slots[at] = a;
    this.#slots[at + 1] = b;
    this.#size++;
    if (this.#size * 4 > this.#slots.length) this.#grow();
    return true;
  }

  /** The slot of (a, b) as a negative number when present, else the free slot where it goes. */
  #find(slots: Uint32Array, a: number, b: number): number {
    const mask = slots.length / 2 - 1;
    for (let index = (a ^ b) & mask; ; index = (index + 1) & mask) {
      const at = index * 2;
      if (slots[at] === a && slots[at + 1] === b) return -1;
      if (slots[at] === 0 && slots[at + 1] === 0) return at;
    }
  }

  #grow(): void {
    const old = this.#slots;
    const slots = new Uint32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 2) {
      const a = old[at]!;
      const b = old[at + 1]!;
      if (a === 0 && b === 0) continue;
      const free = this.#find(slots, a, b);
      slots[free] = a;
      slots[free + 1] = b;
    }
    this.#slots = slots;
  }
}
