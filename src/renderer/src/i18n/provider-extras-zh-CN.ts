import type { providerExtrasEn } from './provider-extras-en.ts';

/** h1 (issue 12): a provider's custom headers and extra request-body JSON. */
export const providerExtrasZhCN: typeof providerExtrasEn = {
  headers: '请求头',
  headerName: '请求头 {{n}} 名称',
  headerValue: '请求头 {{n}} 值',
  secret: '机密',
  secretSaved: '已保存；输入新值以替换',
  removeHeader: '删除请求头 {{n}}',
  addHeader: '添加请求头',
  headersHint:
    '随发往此提供商的每个请求一起发送（例如 OpenAI-Version，或 OpenRouter 的 HTTP-Referer 和 X-Title）。标为机密的值保存在系统钥匙串中，只发送到此提供商的地址。',
  extraBody: '额外 JSON',
  extraBodyHint:
    '加入每个请求体，用于厂商开关（例如 {"enable_thinking": false}）。不能设置 model、messages 或 stream。',
  problems: {
    name: "请求头名称只能包含字母、数字和 - _ . ! # $ % & ' * + ^ ` | ~（不能有空格或冒号）。",
    forbidden: '此请求头由 Parley 自行设置（密钥、主机、内容类型和长度、连接）。',
    value: '请求头的值不能包含换行、控制字符或 Latin-1 以外的字符。',
    twice: '此请求头重复了。',
    json: '这不是有效的 JSON。',
    object: '额外 JSON 必须是一个对象，例如 {"enable_thinking": false}。',
    reserved: '额外 JSON 不能设置 model、messages 或 stream：这些由 Parley 自行设置。',
    size: '额外 JSON 最多 20000 个字符。',
  },
};
