/** Azure OpenAI: deployment routes, api-key auth, Azure's own error bodies, content filtering. */
import type { MockScript } from './types.ts';
import type { Exchange } from './http.ts';
import { header, sendJson } from './http.ts';
import { bearer, checkKey } from './auth.ts';
import { estimatePromptTokens, promptText } from './answer.ts';
import { ids } from './ids.ts';
import { answerChat, openAiErrorFields, openAiRequestError } from './openai.ts';
import { azurePromptRefusal } from './azure-filter.ts';

const CONTENT_FILTER_MESSAGE =
  "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766";

function azureHeaders(ex: Exchange, status: number, promptTokens = 0): Record<string, string> {
  const limited = status === 429;
  return {
    'apim-request-id': ids.uuid(ex.seq),
    'x-request-id': ids.uuid(ex.seq + 1_000_000),
    'x-ms-region': 'East US',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
    'x-ratelimit-limit-requests': '1000',
    'x-ratelimit-remaining-requests': limited ? '0' : String(Math.max(0, 1000 - ex.served)),
    'x-ratelimit-limit-tokens': '150000',
    'x-ratelimit-remaining-tokens': limited ? '0' : String(Math.max(0, 150000 - promptTokens)),
  };
}

/** Azure's gateway errors use {"error":{"code","message"}}; model errors pass through in OpenAI's shape. */
function azureErrorBody(status: number, script: MockScript, deployment: string): object {
  const gateway = (code: string, message: string) => ({
    error: { code: script.errorCode ?? code, message: script.errorMessage ?? message },
  });
  if (status === 400 && script.errorCode === 'content_filter') return contentFilterBody(script.errorMessage);
  switch (status) {
    case 401:
      return gateway(
        '401',
        'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      );
    case 404:
      return gateway(
        'DeploymentNotFound',
        `The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.`,
      );
    case 429:
      return gateway(
        '429',
        `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 1 second. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
      );
    default:
      return { error: openAiErrorFields(status, script, deployment) };
  }
}

function contentFilterBody(message?: string) {
  return {
    error: {
      message: message ?? CONTENT_FILTER_MESSAGE,
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: azurePromptRefusal() },
    },
  };
}

export function sendAzureError(
  ex: Exchange,
  status: number,
  script: MockScript,
  deployment: string,
): Promise<void> {
  return sendJson(ex, status, azureHeaders(ex, status), azureErrorBody(status, script, deployment), script);
}

/** Azure accepts `api-key: KEY` or an Entra ID `Authorization: Bearer TOKEN`. */
function refuseAzureKey(ex: Exchange): Promise<void> | undefined {
  const key = header(ex.req, 'api-key') ?? bearer(header(ex.req, 'authorization'));
  const check = checkKey(key, ex.policy);
  if (check.ok) return undefined;
  const message =
    check.reason === 'expired' || key?.startsWith('mock-oauth-')
      ? 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'
      : undefined;
  return sendJson(ex, 401, azureHeaders(ex, 401), azureErrorBody(401, { errorMessage: message }, ''));
}

/** GET /openai/models?api-version=… */
export function handleAzureModels(ex: Exchange): Promise<void> {
  if (!ex.url.searchParams.get('api-version'))
    return sendJson(ex, 404, {}, { error: { code: '404', message: 'Resource not found' } });
  const denied = refuseAzureKey(ex);
  if (denied) return denied;
  const model = (id: string, created: number) => ({
    id,
    status: 'succeeded',
    capabilities: {
      chat_completion: true,
      completion: false,
      embeddings: false,
      fine_tune: false,
      inference: true,
    },
    lifecycle_status: 'generally-available',
    created_at: created,
    object: 'model',
  });
  return sendJson(ex, 200, azureHeaders(ex, 200), {
    data: [
      model('gpt-4o-2024-11-20', 1732060800),
      model('gpt-4o-mini-2024-07-18', 1721260800),
      model('mock-model', 1735689600),
    ],
    object: 'list',
  });
}

/** POST /openai/deployments/{deployment}/chat/completions?api-version=… */
export function handleAzureChat(ex: Exchange, script: MockScript, deployment: string): Promise<void> {
  if (!ex.url.searchParams.get('api-version'))
    return sendJson(ex, 404, {}, { error: { code: '404', message: 'Resource not found' } });
  const denied = refuseAzureKey(ex);
  if (denied) return denied;
  if (deployment.startsWith('missing-')) return sendAzureError(ex, 404, script, deployment);
  const problem = openAiRequestError(ex, false, deployment);
  if (problem)
    return sendJson(ex, problem.status, azureHeaders(ex, problem.status), { error: problem.fields }, script);
  if (promptText(ex.body).includes('CONTENT_FILTER')) {
    return sendJson(ex, 400, azureHeaders(ex, 400), contentFilterBody(script.errorMessage), script);
  }
  const model = (ex.body as { model?: string }).model || deployment;
  return answerChat(ex, script, {
    azure: true,
    model,
    headers: azureHeaders(ex, 200, estimatePromptTokens(ex.body)),
  });
}
