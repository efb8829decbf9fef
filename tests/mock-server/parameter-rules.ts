/**
 * The parameter rules the real APIs enforce, so tests prove Parley's mapping rather than a lenient
 * server's: OpenAI's reasoning models refuse the sampling knobs and `max_tokens`, other models refuse
 * `reasoning_effort`; Anthropic needs `max_tokens`, a thinking budget below it, no temperature other
 * than 1 and no top_p under 0.95 with thinking, and refuses fields it does not know (penalties, seed).
 */

export interface ParameterProblem {
  message: string;
  param: string;
  code: 'unsupported_parameter' | 'unsupported_value' | 'invalid_value';
}

function bare(model: string): string {
  return model.slice(model.lastIndexOf('/') + 1).toLowerCase();
}

/** o1, o3, o4-mini…: reasoning models with the o-series rules. */
const oSeries = (model: string) => /^o\d(-|$)/.test(bare(model));
/** gpt-5, gpt-5-mini… (not gpt-5-chat): reasoning, and temperature only at its default of 1. */
const gpt5Reasoning = (model: string) => /^gpt-5/.test(bare(model)) && !/-chat/.test(bare(model));
/** OpenAI's reasoning models. */
const isOpenAiReasoningModel = (model: string) => oSeries(model) || gpt5Reasoning(model);

const unsupported = (param: string): ParameterProblem => ({
  message: `Unsupported parameter: '${param}' is not supported with this model.`,
  param,
  code: 'unsupported_parameter',
});

/** The first parameter OpenAI (or Azure, for a deployment of `model`) would refuse, in its order. */
export function openAiParameterProblem(
  body: Record<string, unknown>,
  model: string,
): ParameterProblem | undefined {
  const has = (field: string) => body[field] !== undefined && body[field] !== null;
  if (isOpenAiReasoningModel(model)) {
    if (has('max_tokens'))
      return {
        message:
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        param: 'max_tokens',
        code: 'unsupported_parameter',
      };
    if (gpt5Reasoning(model) && has('temperature') && body.temperature !== 1)
      return {
        message: `Unsupported value: 'temperature' does not support ${String(body.temperature)} with this model. Only the default (1) value is supported.`,
        param: 'temperature',
        code: 'unsupported_value',
      };
    // gpt-5 answered about temperature above; the o-series refuse it outright.
    const refused = ['top_p', 'presence_penalty', 'frequency_penalty', 'stop'];
    if (!gpt5Reasoning(model)) refused.unshift('temperature');
    for (const field of refused) if (has(field)) return unsupported(field);
    return undefined;
  }
  if (has('reasoning_effort')) return unsupported('reasoning_effort');
  return undefined;
}

/** Fields the Messages API knows; any other is refused ("Extra inputs are not permitted"). */
const anthropicFields = new Set([
  'model',
  'messages',
  'max_tokens',
  'system',
  'temperature',
  'top_p',
  'top_k',
  'stop_sequences',
  'stream',
  'metadata',
  'thinking',
  'tools',
  'tool_choice',
  'service_tier',
]);

/** Anthropic's 400 message for a body that breaks its parameter rules (after model/max_tokens/messages). */
export function anthropicParameterProblem(body: Record<string, unknown>): string | undefined {
  for (const field of Object.keys(body))
    if (!anthropicFields.has(field)) return `${field}: Extra inputs are not permitted`;
  const thinking = body.thinking as { type?: unknown; budget_tokens?: unknown } | undefined;
  if (thinking?.type !== 'enabled') return undefined;
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number') return 'thinking.enabled.budget_tokens: Field required';
  if (budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
  if (typeof body.max_tokens === 'number' && budget >= body.max_tokens)
    return '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size';
  if (body.temperature !== undefined && body.temperature !== 1)
    return '`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  if (typeof body.top_p === 'number' && body.top_p < 0.95)
    return '`top_p` must be greater than or equal to 0.95 or unset when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility';
  return undefined;
}
