/** The deterministic default answer and the token estimates the mock reports as usage. */
import { lastToolResult } from './tool-calls.ts';
import type { MockToolCall } from './types.ts';

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
const CJK_GLOBAL = new RegExp(CJK.source, 'gu');

export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** Text of an OpenAI or Anthropic message content: a string or an array of parts/blocks. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) =>
      part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : '',
    )
    .filter(Boolean)
    .join('\n');
}

interface ChatMessage {
  role?: unknown;
  content?: unknown;
}

function messagesOf(body: unknown): ChatMessage[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  return Array.isArray(messages) ? (messages.filter((m) => m && typeof m === 'object') as ChatMessage[]) : [];
}

export function lastUserText(body: unknown): string {
  const users = messagesOf(body).filter((m) => m.role === 'user');
  return textOf(users.at(-1)?.content);
}

/** Every text the model would read: system prompt(s) and all messages. */
export function promptText(body: unknown): string {
  const system = (body as { system?: unknown } | null)?.system;
  return [textOf(system), ...messagesOf(body).map((m) => textOf(m.content))].join('\n');
}

/** Roughly what a BPE tokenizer gives: one token per CJK character, one per 4 other characters. */
export function estimateTokens(text: string): number {
  const cjk = (text.match(CJK_GLOBAL) ?? []).length;
  const rest = text.length - cjk;
  return cjk + Math.ceil(rest / 4);
}

/** Prompt tokens with OpenAI's per-message overhead (about 4 per message plus 3 for the reply priming). */
export function estimatePromptTokens(body: unknown): number {
  const messages = messagesOf(body);
  const system = textOf((body as { system?: unknown } | null)?.system);
  const content = messages.reduce((sum, m) => sum + estimateTokens(textOf(m.content)) + 4, 0);
  return content + (system ? estimateTokens(system) + 4 : 0) + 3;
}

/** The longest prefix of `text` whose estimate fits in `maxTokens`. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (estimateTokens(chars.slice(0, mid).join('')) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('');
}

function quote(text: string, max: number): string {
  const chars = Array.from(text.trim());
  const clipped = chars.length > max ? chars.slice(0, max).join('') + '…' : chars.join('');
  return clipped
    .split(/\r?\n/)
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

/** A fence longer than any backtick run in the content, so the user's text cannot close it. */
function fenceFor(content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * A short Markdown answer that quotes the user's message: heading, list, table and a fenced code
 * block, so a person chatting by hand sees every kind of rendering. Chinese when the message has CJK.
 */
export function defaultAnswer(userText: string): string {
  const message = userText.trim();
  const chars = Array.from(message).length;
  const words = message ? message.split(/\s+/).length : 0;
  const lines = message ? message.split(/\r?\n/).length : 0;
  const snippet = JSON.stringify(Array.from(message).slice(0, 60).join(''));
  const code = `const message = ${snippet};\nconsole.log(message.length); // ${chars}`;
  const fence = fenceFor(code);
  if (hasCjk(message)) {
    return [
      '### 模拟回答',
      '',
      '你说：',
      '',
      quote(message, 200),
      '',
      '这是 **Parley 模拟服务器** 生成的回答，没有调用真实模型：',
      '',
      `- 你的消息共有 **${chars}** 个字符。`,
      '- 同样的消息总会得到同样的回答。',
      '- 这段文字会逐块流式传输，方便测试渲染。',
      '',
      '| 项目 | 数值 |',
      '| --- | --- |',
      `| 字符 | ${chars} |`,
      `| 行数 | ${lines} |`,
      '',
      `${fence}ts`,
      code,
      fence,
    ].join('\n');
  }
  return [
    '### Mock answer',
    '',
    message ? 'You wrote:' : 'Your message was empty.',
    '',
    ...(message ? [quote(message, 200), ''] : []),
    'This reply comes from the **Parley mock server**; no real model was called:',
    '',
    `- Your message has **${chars}** characters and ${words} words.`,
    '- The same message always gets the same answer.',
    '- The text streams in small deltas, so rendering can be tested.',
    '',
    '| Measure | Value |',
    '| --- | --- |',
    `| Characters | ${chars} |`,
    `| Lines | ${lines} |`,
    '',
    `${fence}ts`,
    code,
    fence,
  ].join('\n');
}

/** A short, deterministic chain of thought for reasoning requests that gave no script.reasoning. */
export function defaultReasoning(userText: string): string {
  return hasCjk(userText)
    ? '用户发来了一条消息。我先读一遍，然后用 Markdown 给出简短的回答。'
    : 'The user sent a message. I will read it, then answer briefly in Markdown.';
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export interface Answer {
  text: string;
  reasoning: string;
  finish: FinishReason;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
}

export interface AnswerRequest {
  body: unknown;
  script: { text?: string; reasoning?: string; finishReason?: FinishReason; toolCalls?: MockToolCall[] };
  /** max_tokens / max_completion_tokens: the answer is cut there, with finish `length`. */
  maxTokens?: number;
  /** Reason by default (e.g. a DeepSeek reasoner model, Anthropic thinking enabled). */
  reasons?: boolean;
}

/** What the model "says" for a request, with usage consistent with the text actually sent. */
export function composeAnswer({ body, script, maxTokens, reasons }: AnswerRequest): Answer {
  const user = lastUserText(body);
  const reasoning = script.reasoning ?? (reasons ? defaultReasoning(user) : '');
  // A turn of tool calls says nothing unless scripted; after a tool's result, the answer quotes it.
  const toolResult = lastToolResult(body);
  const unscripted = script.toolCalls?.length
    ? ''
    : toolResult !== null
      ? `The tool said: ${toolResult}`
      : defaultAnswer(user);
  let text = script.text ?? unscripted;
  let finish: FinishReason = script.toolCalls?.length ? 'tool_calls' : (script.finishReason ?? 'stop');
  const reasoningTokens = estimateTokens(reasoning);
  if (maxTokens !== undefined && reasoningTokens + estimateTokens(text) > maxTokens) {
    text = truncateToTokens(text, Math.max(0, maxTokens - reasoningTokens));
    finish = 'length';
  }
  return {
    text,
    reasoning,
    finish,
    promptTokens: estimatePromptTokens(body),
    completionTokens: reasoningTokens + estimateTokens(text),
    reasoningTokens,
  };
}
