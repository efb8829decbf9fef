import { TOOL_CALL_ID_MAX, type ToolCall } from '../../../../shared/tools.ts';

/**
 * Tool calls as they stream in: OpenAI sends each call's id and name once and its arguments in
 * pieces, keyed by `index` (several calls interleave); Anthropic does the same per content block.
 * A hostile or broken stream cannot grow them without bound: calls past MAX_CALLS and argument text
 * past MAX_ARGUMENT_CHARS are dropped (the arguments are then invalid JSON, and the tool says so).
 */

const MAX_CALLS = 64;
const MAX_ARGUMENT_CHARS = 1_000_000;

interface Draft {
  id: string;
  name: string;
  pieces: string[];
  size: number;
}

export class ToolCallDrafts {
  readonly #drafts = new Map<number, Draft>();

  get count(): number {
    return this.#drafts.size;
  }

  /** A piece of call `index`: its id and name when they come, then pieces of its arguments. */
  add(index: number, piece: { id?: unknown; name?: unknown; arguments?: unknown }): void {
    let draft = this.#drafts.get(index);
    if (!draft) {
      if (this.#drafts.size >= MAX_CALLS) return;
      draft = { id: '', name: '', pieces: [], size: 0 };
      this.#drafts.set(index, draft);
    }
    if (typeof piece.id === 'string' && piece.id && !draft.id) draft.id = piece.id;
    if (typeof piece.name === 'string' && piece.name) draft.name ||= piece.name;
    const text = piece.arguments;
    if (typeof text === 'string' && text && draft.size < MAX_ARGUMENT_CHARS) {
      draft.pieces.push(text);
      draft.size += text.length;
    }
  }

  /** The index a piece without one belongs to: a new call when it brings an id not seen, else the last. */
  indexFor(id: unknown): number {
    if (typeof id === 'string' && id) {
      for (const [index, draft] of this.#drafts) if (draft.id === id) return index;
      return this.#drafts.size === 0 ? 0 : Math.max(...this.#drafts.keys()) + 1;
    }
    return this.#drafts.size === 0 ? 0 : Math.max(...this.#drafts.keys());
  }

  /**
   * The calls with a name, in index order. A call the provider sent without an id, or with one too
   * long to be answered through `tools.approve`, gets one of Parley's (a provider that then refuses
   * the result ends the answer in plain words, rather than a call no one can approve).
   */
  calls(): ToolCall[] {
    return [...this.#drafts.entries()]
      .sort(([a], [b]) => a - b)
      .filter(([, draft]) => draft.name)
      .map(([index, draft]) => ({
        id: draft.id && draft.id.length <= TOOL_CALL_ID_MAX ? draft.id : `call_${index}`,
        name: draft.name,
        arguments: draft.pieces.join(''),
      }));
  }
}
