/**
 * Changes of a group's live view that the API itself makes (an agent logged in or out, agents
 * added or removed), told to the event streams of this API process at once. The switch reports
 * its own changes through the domain port; this covers what the switch does not count as its
 * live state. (Several API nodes: a stream on another node sees the change with the next
 * event the switch reports.)
 */
export class GroupChanges {
  readonly #listeners = new Map<string, Set<() => void>>();

  subscribe(organisationId: string, groupId: string, listener: () => void): () => void {
    const key = `${organisationId}/${groupId}`;
    const set = this.#listeners.get(key) ?? new Set();
    set.add(listener);
    this.#listeners.set(key, set);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.#listeners.get(key) === set) this.#listeners.delete(key);
    };
  }

  changed(organisationId: string, groupId: string): void {
    for (const listener of [...(this.#listeners.get(`${organisationId}/${groupId}`) ?? [])]) listener();
  }

  /** Listeners held now (the event stream tests prove a closed stream leaves none). */
  get listenerCount(): number {
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }
}
