/** Topic-keyed listeners for useSyncExternalStore: a change wakes only the views of that topic. */
export class Emitter {
  private readonly listeners = new Map<string, Set<() => void>>();

  subscribe(topic: string, listener: () => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) {
      set = new Set();
      this.listeners.set(topic, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  emit(topic: string): void {
    const set = this.listeners.get(topic);
    if (!set) return;
    for (const listener of [...set]) listener();
  }
}
