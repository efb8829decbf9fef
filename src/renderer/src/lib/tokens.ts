const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/g;

/**
 * A quick estimate of tokens, good enough to warn about long contexts: about one token per CJK
 * character and one per four other characters, plus a few per message.
 */
export function estimateTokens(text: string): number {
  if (!text) return 0;
  const cjk = text.match(CJK)?.length ?? 0;
  return cjk + Math.ceil((text.length - cjk) / 4);
}

export function estimateContext(messages: readonly { content: string }[], draft: string): number {
  let total = 3;
  for (const m of messages) total += estimateTokens(m.content) + 4;
  return total + (draft ? estimateTokens(draft) + 4 : 0);
}
