import type { compareEn } from './compare-en.ts';

/** 并排比较模型的简体中文界面文字（issue 16）。 */
export const compareZhCN: typeof compareEn = {
  picker: '比较',
  pickerActive_one: '比较 {{count}} 个',
  pickerActive_other: '比较 {{count}} 个',
  pickerTitle: '要比较的模型',
  pickerHint: '把下一条消息同时发给 2–{{max}} 个模型。',
  clear: '清除',
  done: '完成',
  title_one: '比较了 {{count}} 个模型',
  title_other: '比较了 {{count}} 个模型',
  chooseHint: '选一个继续对话；其他回答保留为分支。',
  stop: '停止',
  stopAll: '全部停止',
  choose: '用这个回答继续',
  ttft: '首个 token',
  total: '总用时',
  speed: '速度',
  tokens: '输入 / 输出 token',
  cost: '费用',
  seconds: '{{value}} 秒',
  perSecond: '{{value}} token/秒',
  inOut: '{{input}} / {{output}}',
};
