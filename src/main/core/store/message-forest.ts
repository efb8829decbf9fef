/**
 * Orders the nodes of a tree given by parent links that may be broken: a parent that loops back
 * (a cycle, however long) is cut at the node that closes the loop, which becomes a root. Returns
 * every node once, parents before children, with the parent each keeps. Iterative throughout, so a
 * chain of any length costs no stack. `rank` orders siblings (lower first; ties keep input order).
 */
export function orderForest(
  ids: Iterable<string>,
  parentOf: (id: string) => string | null,
  rank: (parent: string, child: string) => number = () => 0,
): { order: string[]; parent: Map<string, string | null> } {
  const parent = new Map<string, string | null>();
  const onPath = new Set<string>();
  const all = [...ids];
  for (const start of all) {
    const path: string[] = [];
    let at: string | null = start;
    while (at !== null && !parent.has(at) && !onPath.has(at)) {
      onPath.add(at);
      path.push(at);
      at = parentOf(at);
    }
    const closesLoop = at !== null && onPath.has(at);
    for (const [i, id] of path.entries()) {
      parent.set(id, closesLoop && i === path.length - 1 ? null : parentOf(id));
      onPath.delete(id);
    }
  }

  const children = new Map<string | null, string[]>();
  for (const id of all) {
    const p = parent.get(id)!;
    const list = children.get(p);
    if (list) list.push(id);
    else children.set(p, [id]);
  }
  for (const [p, list] of children) if (p !== null && list.length > 1) stableSort(list, (c) => rank(p, c));

  const order: string[] = [];
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length) {
    const id = stack.pop()!;
    order.push(id);
    const kids = children.get(id);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return { order, parent };
}

function stableSort(list: string[], key: (id: string) => number): void {
  const keyed = list.map((id, i) => ({ id, i, k: key(id) }));
  keyed.sort((a, b) => a.k - b.k || a.i - b.i);
  for (const [i, { id }] of keyed.entries()) list[i] = id;
}
