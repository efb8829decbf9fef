import type { modelCorrectionsEn } from './model-corrections-en.ts';

/** h1 (issue 12): correcting the capability table for one model. */
export const modelCorrectionsZhCN: typeof modelCorrectionsEn = {
  title: '模型修正',
  model: '要修正的模型',
  contextWindow: '上下文窗口（token）',
  unknownWindow: '未知',
  windowRange: '请输入 256 到 100000000 之间的整数 token 数。',
  takes: '此模型接受的参数',
  family: 'Parley 将其识别为 {{family}}。如果提供商的说法不同，请在此修正。',
  save: '应用修正',
  reset: '使用内置表',
};
