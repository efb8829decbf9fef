import type { ChatRole } from '../../../shared/llm-events.ts';

/**
 * One conversation of a ChatGPT data export (`conversations.json`), turned into Parley messages.
 * Every branch of `mapping` is kept. Nodes a person never saw (the empty root, hidden system
 * context, tool calls and tool output, reasoning summaries) are skipped and their children
 * attached to the nearest kept ancestor, so the tree stays whole.
 */
export interface ImportedMessage {
  sourceId: string;
  parentSourceId: string | null;
  role: ChatRole;
  content: string;
  createdAt: number;
  model: string | null;
  state: 'complete' | 'interrupted';
}

export interface ImportedConversation {
  sourceId: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  model: string | null;
  archived: boolean;
  /** The kept message the export's `current_node` leads to. */
  currentLeafSourceId: string | null;
  /** Parents before children. */
  messages: ImportedMessage[];
}

interface ExportNode {
  id?: string;
  parent?: string | null;
  children?: string[];
  message?: ExportMessage | null;
}

interface ExportMessage {
  id?: string;
  author?: { role?: string };
  create_time?: number | null;
  content?: { content_type?: string; parts?: unknown[]; text?: string };
  status?: string;
  recipient?: string;
  metadata?: Record<string, unknown>;
}

const SHOWN_CONTENT = new Set(['text', 'multimodal_text']);

export class NotAConversationError extends Error {}

export function convertChatGptConversation(raw: unknown): ImportedConversation {
  if (!raw || typeof raw !== 'object') throw new NotAConversationError('not an object');
  const c = raw as Record<string, unknown>;
  const mapping = c.mapping as Record<string, ExportNode> | undefined;
  const sourceId = String(c.conversation_id ?? c.id ?? '');
  if (!mapping || typeof mapping !== 'object' || !sourceId)
    throw new NotAConversationError('no id or mapping');

  const createdAt = seconds(c.create_time) ?? 0;
  const updatedAt = seconds(c.update_time) ?? createdAt;
  const kept = new Map<
    string,
    {
      role: ChatRole;
      content: string;
      createdAt: number | null;
      model: string | null;
      state: ImportedMessage['state'];
    }
  >();
  for (const [id, node] of Object.entries(mapping)) {
    const shown = visibleMessage(node?.message);
    if (shown) kept.set(id, shown);
  }

  // The nearest kept ancestor of every node (memoized; guarded against cycles in broken files).
  const keptParent = new Map<string, string | null>();
  const nearestKept = (id: string | null | undefined, seen = new Set<string>()): string | null => {
    if (!id || seen.has(id) || !(id in mapping)) return null;
    if (kept.has(id)) return id;
    if (keptParent.has(id)) return keptParent.get(id)!;
    seen.add(id);
    const found = nearestKept(mapping[id]?.parent, seen);
    keptParent.set(id, found);
    return found;
  };

  // Parents first: walk from the roots through `children`, then anything unreachable.
  const order: string[] = [];
  const visited = new Set<string>();
  const roots = Object.keys(mapping).filter((id) => {
    const parent = mapping[id]?.parent;
    return !parent || !(parent in mapping);
  });
  const stack = roots.reverse();
  while (stack.length) {
    const id = stack.pop()!;
    if (visited.has(id)) continue;
    visited.add(id);
    order.push(id);
    const children: string[] = mapping[id]?.children ?? [];
    for (let i = children.length - 1; i >= 0; i--) if (children[i]! in mapping) stack.push(children[i]!);
  }
  for (const id of Object.keys(mapping)) if (!visited.has(id)) order.push(id);

  const messages: ImportedMessage[] = [];
  let lastTime = createdAt;
  for (const id of order) {
    const m = kept.get(id);
    if (!m) continue;
    const parentSourceId = nearestKept(mapping[id]?.parent);
    const at = m.createdAt ?? lastTime;
    lastTime = Math.max(lastTime, at);
    messages.push({
      sourceId: id,
      parentSourceId,
      role: m.role,
      content: m.content,
      createdAt: at,
      model: m.model,
      state: m.state,
    });
  }
  const emitted = new Set(messages.map((m) => m.sourceId));
  for (const m of messages) if (m.parentSourceId && !emitted.has(m.parentSourceId)) m.parentSourceId = null;

  const lastModel = [...messages].reverse().find((m) => m.model)?.model ?? null;
  const current = typeof c.current_node === 'string' ? nearestKept(c.current_node) : null;
  return {
    sourceId,
    title: typeof c.title === 'string' && c.title.trim() ? c.title.trim() : 'Untitled',
    createdAt,
    updatedAt,
    model: (typeof c.default_model_slug === 'string' ? c.default_model_slug : null) ?? lastModel,
    archived: c.is_archived === true,
    currentLeafSourceId: current ?? messages.at(-1)?.sourceId ?? null,
    messages,
  };
}

function visibleMessage(message: ExportMessage | null | undefined) {
  if (!message) return null;
  const role = message.author?.role;
  if (role !== 'user' && role !== 'assistant' && role !== 'system') return null; // tool output
  const meta = message.metadata ?? {};
  if (meta.is_visually_hidden_from_conversation === true) return null;
  if (role === 'assistant' && message.recipient && message.recipient !== 'all') return null; // a tool call
  const type = message.content?.content_type ?? 'text';
  if (!SHOWN_CONTENT.has(type)) return null; // code for tools, thoughts, browsing output, context...
  const content = textOf(message.content?.parts ?? []);
  if (!content.trim()) return null;
  return {
    role: role as ChatRole,
    content,
    createdAt: seconds(message.create_time),
    model: typeof meta.model_slug === 'string' ? meta.model_slug : null,
    state: message.status === 'in_progress' ? ('interrupted' as const) : ('complete' as const),
  };
}

function textOf(parts: unknown[]): string {
  const out: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') out.push(part);
    else if (part && typeof part === 'object') {
      const p = part as Record<string, unknown>;
      if (typeof p.text === 'string') out.push(p.text);
      else if (p.content_type === 'image_asset_pointer') out.push('[image]');
      else if (
        p.content_type === 'audio_asset_pointer' ||
        p.content_type === 'real_time_user_audio_video_asset_pointer'
      )
        out.push('[audio]');
    }
  }
  return out.join('\n');
}

function seconds(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 1000) : null;
}
