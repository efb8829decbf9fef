import type { Handlers } from '../rpc/bind-contract.ts';
import type { ChatService } from '../chat/chat-service.ts';

/** The person's answers to an answer's tool calls: allow or deny one that asks, cancel one that runs. */
export function toolHandlers(deps: {
  chat: Pick<ChatService, 'approveTool' | 'cancelTool'>;
}): Pick<Handlers, 'tools.approve' | 'tools.cancel'> {
  return {
    'tools.approve': ({ streamId, callId, decision }) => ({
      ok: deps.chat.approveTool(streamId, callId, decision),
    }),
    'tools.cancel': ({ streamId, callId }) => ({ cancelled: deps.chat.cancelTool(streamId, callId) }),
  };
}
