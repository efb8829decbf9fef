import type { ToolOutcome } from '../../../../shared/tools.ts';

/**
 * An MCP tool's result as the text the model reads back and the window shows. Tool output is
 * untrusted text: it is never HTML to anyone, and it is capped so a tool cannot flood the context
 * or the history (the cut is said in words).
 */

export const MAX_RESULT_CHARS = 100_000;

function describe(block: Record<string, unknown>): string {
  switch (block.type) {
    case 'text':
      return typeof block.text === 'string' ? block.text : '';
    case 'image':
    case 'audio': {
      const size = typeof block.data === 'string' ? Math.floor((block.data.length * 3) / 4) : 0;
      return `[${String(block.type)}: ${String(block.mimeType ?? 'unknown type')}, ${size} bytes]`;
    }
    case 'resource': {
      const resource = (block.resource ?? {}) as Record<string, unknown>;
      return typeof resource.text === 'string'
        ? resource.text
        : `[resource: ${String(resource.uri ?? 'no address')}]`;
    }
    case 'resource_link':
      return `[resource: ${String(block.name ?? '')} ${String(block.uri ?? '')}]`.trim();
    default:
      return `[${String(block.type)} content]`;
  }
}

/** A `tools/call` result (as the SDK returns it) as an outcome. */
export function outcomeOf(result: unknown): ToolOutcome {
  const record = (result ?? {}) as Record<string, unknown>;
  const blocks = Array.isArray(record.content) ? record.content : [];
  let text = blocks
    .filter((block): block is Record<string, unknown> => typeof block === 'object' && block !== null)
    .map(describe)
    .filter(Boolean)
    .join('\n\n');
  if (!text && record.structuredContent !== undefined) text = JSON.stringify(record.structuredContent);
  return { text: capped(text || '(no output)'), isError: record.isError === true };
}

export function capped(text: string): string {
  if (text.length <= MAX_RESULT_CHARS) return text;
  const cut = text.slice(0, MAX_RESULT_CHARS);
  return `${cut}\n\n[Output cut at ${MAX_RESULT_CHARS.toLocaleString('en')} of ${text.length.toLocaleString('en')} characters.]`;
}
