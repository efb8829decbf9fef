import type { Messages } from './en.ts';

export const zhCN: Messages = {
  app: { name: 'Parley' },
  chat: {
    message: '消息',
    placeholder: '随便问。Enter 发送，Shift+Enter 换行。',
    send: '发送',
    stop: '停止',
    user: '用户',
    assistant: '助手',
    empty: '开始对话吧。消息和回答都保存在这台电脑上。',
    streaming: '正在回答…',
    queued: '正在等待速率限制…',
    retrying: '{{seconds}} 秒后重试（第 {{attempt}} 次，共 {{max}} 次）…',
    interrupted: '回答被中断，已收到的内容已保留。',
    stopped: '已停止，已收到的内容已保留。',
    error: '回答失败：{{message}}',
  },
  settings: {
    title: '设置',
    open: '设置',
    close: '关闭设置',
    baseUrl: 'Base URL',
    model: '模型',
    apiKey: 'API 密钥',
    keySet: '已保存以 {{last4}} 结尾的密钥。',
    keyNone: '尚未保存密钥。',
    keyMemory: '密钥只保留到 Parley 退出：{{reason}}',
    save: '保存',
    saved: '已保存。',
    test: '测试',
    testOk: '连接成功：可用模型 {{count}} 个。',
  },
  errors: {
    unauthenticated: '请用 `npm run web` 打印的地址打开 Parley（其中带有访问令牌）。',
  },
};
