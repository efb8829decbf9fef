import type { StoredMessage } from '../../../shared/history.ts';

/** The message tree of one conversation: an edit or a regeneration is a sibling branch. */
export interface MessageTree {
  byId: Map<string, StoredMessage>;
  children: Map<string | null, StoredMessage[]>;
}

export function buildTree(messages: readonly StoredMessage[]): MessageTree {
  const byId = new Map<string, StoredMessage>();
  const children = new Map<string | null, StoredMessage[]>();
  for (const message of messages) byId.set(message.id, message);
  for (const message of messages) {
    const parent = message.parentId !== null && byId.has(message.parentId) ? message.parentId : null;
    const list = children.get(parent);
    if (list) list.push(message);
    else children.set(parent, [message]);
  }
  // Stable: siblings made in the same millisecond (a comparison's answers) keep the store's order.
  for (const list of children.values()) list.sort((a, b) => a.createdAt - b.createdAt);
  return { byId, children };
}

/** Root..leaf. An unknown leaf falls back to the newest branch. */
export function pathTo(tree: MessageTree, leafId: string | null): StoredMessage[] {
  let leaf = leafId !== null ? tree.byId.get(leafId) : undefined;
  if (!leaf) {
    const roots = tree.children.get(null);
    if (!roots?.length) return [];
    leaf = tree.byId.get(newestLeafUnder(tree, roots[roots.length - 1]!.id))!;
  }
  const path: StoredMessage[] = [];
  const seen = new Set<string>();
  for (
    let m: StoredMessage | undefined = leaf;
    m && !seen.has(m.id);
    m = m.parentId ? tree.byId.get(m.parentId) : undefined
  ) {
    seen.add(m.id);
    path.push(m);
  }
  return path.reverse();
}

/** The leaf reached from `messageId` by always taking the most recently created child. */
export function newestLeafUnder(tree: MessageTree, messageId: string): string {
  let id = messageId;
  const seen = new Set<string>();
  for (;;) {
    seen.add(id);
    const kids = tree.children.get(id);
    if (!kids?.length) return id;
    const next = kids[kids.length - 1]!.id;
    if (seen.has(next)) return id;
    id = next;
  }
}

/** The message's siblings (itself included) in creation order, and its position among them. */
export function siblingsOf(
  tree: MessageTree,
  message: StoredMessage,
): { siblings: StoredMessage[]; index: number } {
  const parent = message.parentId !== null && tree.byId.has(message.parentId) ? message.parentId : null;
  const siblings = tree.children.get(parent) ?? [message];
  return {
    siblings,
    index: Math.max(
      0,
      siblings.findIndex((m) => m.id === message.id),
    ),
  };
}

/** A message and every message under it (answers, follow-ups, their branches). */
export function subtreeOf(tree: MessageTree, messageId: string): Set<string> {
  const ids = new Set<string>();
  const stack = [messageId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (ids.has(id)) continue;
    ids.add(id);
    for (const child of tree.children.get(id) ?? []) stack.push(child.id);
  }
  return ids;
}
