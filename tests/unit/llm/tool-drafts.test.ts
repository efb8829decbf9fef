import { describe, expect, it } from 'vitest';
import { ToolCallDrafts } from '../../../src/main/core/llm/adapters/tool-drafts.ts';
import { TOOL_CALL_ID_MAX, toolApproveInputSchema } from '../../../src/shared/tools.ts';

describe('tool calls as they stream in', () => {
  it('keeps a provider id that can be approved; one too long, or none, is replaced by one that can', () => {
    const drafts = new ToolCallDrafts();
    drafts.add(0, { id: 'call_abc', name: 'everything__get-sum', arguments: '{"a":1,' });
    drafts.add(0, { arguments: '"b":2}' });
    drafts.add(1, { id: 'x'.repeat(TOOL_CALL_ID_MAX + 1), name: 'everything__echo', arguments: '{}' });
    drafts.add(2, { name: 'everything__echo', arguments: '{}' });
    const calls = drafts.calls();
    expect(calls.map((call) => call.id)).toEqual(['call_abc', 'call_1', 'call_2']);
    expect(calls[0]!.arguments).toBe('{"a":1,"b":2}');
    const streamId = '6f1c1f5e-8a8e-4c1b-9a43-1f4b8d2f0c11';
    for (const call of calls)
      expect(toolApproveInputSchema.safeParse({ streamId, callId: call.id, decision: 'once' }).success).toBe(
        true,
      );
  });
});
