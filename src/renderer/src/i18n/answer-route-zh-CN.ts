import type { answerRouteEn } from './answer-route-en.ts';

/** 回答的路由、点赞点踩与服务商的多个密钥（议题 14）。 */
export const answerRouteZhCN: typeof answerRouteEn = {
  key: '密钥 …{{hint}}',
  via: '经 {{reasons}}',
  why: {
    first: '首选',
    fastest: '最快',
    cheapest: '最便宜',
    failover: '故障转移',
    'circuit-open': '跳过了出错的模型',
    'key-rotated': '换用另一个密钥（有密钥在冷却）',
  },
  failed: '{{model}} 失败',
  circuitOpen: '已跳过 {{model}}',
  skippedTitle: '跳过的模型：{{links}}',
  routeLabel: '这条回答的路由',
  rateUp: '回答得好',
  rateDown: '回答得不好',
  rateUndo: '撤回评价',
  rateFailed: '评价未保存：{{message}}',
  keys: {
    title: '轮流使用的密钥',
    hint: '多个密钥轮流使用。某个密钥触发速率限制或额度用尽时会暂停使用，并立即换用下一个。',
    key: '密钥 {{id}} · …{{last4}}',
    keyNoHint: '密钥 {{id}}',
    added: '添加于 {{date}}',
    cooling: '冷却至 {{time}}',
    none: '尚未保存密钥。',
    add: '添加密钥',
    newKey: '另一个密钥',
    remove: '删除密钥 {{id}}',
  },
};
