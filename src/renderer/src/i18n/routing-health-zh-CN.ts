import type { routingHealthEn } from './routing-health-en.ts';

/** 故障转移链的路由方式与各模型健康状况的简体中文界面文字（issue 14）。 */
export const routingHealthZhCN: typeof routingHealthEn = {
  mode: '路由方式',
  modes: {
    ordered: '按顺序',
    fastest: '最快',
    cheapest: '最便宜',
  },
  modeHints: {
    ordered: '按下面的顺序尝试各模型。',
    fastest: '先尝试近期首字延迟（p95）最低的健康模型；尚无测量数据的模型保持原顺序。',
    cheapest: '先尝试上下文窗口能容纳本次对话的最便宜模型。',
  },
  health: '{{model}} 的健康状况',
  closed: '正常',
  open: '暂停使用，直到 {{time}}',
  halfOpen: '试探中',
  reasons: {
    'failures-in-a-row': '连续多次失败。',
    'error-rate': '过去一分钟内超过一半的请求失败。',
  },
  halfOpenHint: '冷却已结束：下一个请求将试探它是否恢复。',
  closedHint: '正常回答中。',
  lastError: '最近一次错误：{{error}}',
  p95: 'p95 首字 {{ms}} 毫秒',
};
