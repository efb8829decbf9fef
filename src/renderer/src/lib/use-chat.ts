import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatStreamEvent } from '../../../shared/chat.ts';
import type { AppError } from '../../../shared/errors.ts';
import { ApiError, call, on } from './api.ts';

export interface ViewMessage {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  status: 'pending' | 'queued' | 'retrying' | 'streaming' | 'complete' | 'interrupted' | 'error';
  stopped?: boolean;
  retry?: { attempt: number; maxAttempts: number; delayMs: number };
  error?: AppError | null;
}

/** One conversation's messages and its running stream, fed by `chat.event`. */
export function useChat() {
  const [messages, setMessages] = useState<ViewMessage[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(null);
  const [streamId, setStreamId] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const assistantIdByStream = useRef(new Map<string, string>());

  useEffect(
    () =>
      on('chat.event', (event: ChatStreamEvent) => {
        const messageId = assistantIdByStream.current.get(event.streamId);
        if (!messageId) return;
        setMessages((list) => list.map((m) => (m.id === messageId ? applyEvent(m, event) : m)));
        if (event.type === 'done') {
          assistantIdByStream.current.delete(event.streamId);
          setStreamId((current) => (current === event.streamId ? null : current));
        }
      }),
    [],
  );

  const send = useCallback(
    async (content: string) => {
      setSendError(null);
      try {
        const result = await call('chat.send', { content, conversationId });
        assistantIdByStream.current.set(result.streamId, result.assistantMessageId);
        setConversationId(result.conversationId);
        setStreamId(result.streamId);
        setMessages((list) => [
          ...list,
          { id: result.userMessageId, role: 'user', content, status: 'complete' },
          { id: result.assistantMessageId, role: 'assistant', content: '', status: 'pending' },
        ]);
        return true;
      } catch (error) {
        setSendError(error instanceof ApiError ? error.message : String(error));
        return false;
      }
    },
    [conversationId],
  );

  const stop = useCallback(async () => {
    if (streamId) await call('chat.stop', { streamId });
  }, [streamId]);

  return { messages, streaming: streamId !== null, send, stop, sendError };
}

function applyEvent(message: ViewMessage, event: ChatStreamEvent): ViewMessage {
  switch (event.type) {
    case 'delta':
      return { ...message, content: message.content + event.text, status: 'streaming' };
    case 'status':
      return {
        ...message,
        status: event.status,
        retry:
          event.status === 'retrying'
            ? { attempt: event.attempt ?? 1, maxAttempts: event.maxAttempts ?? 1, delayMs: event.delayMs ?? 0 }
            : undefined,
      };
    case 'failover':
      return message;
    case 'done':
      return { ...message, status: event.state, stopped: event.stopped, error: event.error };
  }
}
