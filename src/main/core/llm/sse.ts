import { createParser, type EventSourceMessage } from 'eventsource-parser';

export type SseMessage = EventSourceMessage;

/** Bytes in, server-sent events out: a streaming UTF-8 decoder in front of eventsource-parser. */
export interface SseDecoder {
  push(chunk: Uint8Array): void;
  /** Flushes what is left, dispatching a last event even when the server omitted the closing blank line. */
  end(): void;
}

export function createSseDecoder(onMessage: (message: SseMessage) => void): SseDecoder {
  const decoder = new TextDecoder('utf-8');
  const parser = createParser({ onEvent: onMessage });
  return {
    push(chunk) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) parser.feed(text);
    },
    end() {
      const rest = decoder.decode();
      if (rest.length > 0) parser.feed(rest);
      parser.feed('\n\n');
    },
  };
}
