import { z } from 'zod';
import type { NoticeText } from './settings.ts';

/**
 * Alerts (Settings → Usage): thresholds over each model's last requests and over spending. An
 * alert is raised once when its threshold is crossed, with its figures, and cleared when back under.
 * Every rule is off until a person switches it on.
 */

const usd = (fallback: number) =>
  z
    .number({ error: 'A budget is an amount in US dollars.' })
    .positive('A budget is more than $0.')
    .max(1_000_000, 'A budget is at most $1,000,000.')
    .default(fallback);

export const alertSettingsSchema = z
  .object({
    /** How many of a model's last requests the latency and error rules look at. */
    window: z
      .number({ error: 'The number of requests is a whole number.' })
      .int('The number of requests is a whole number.')
      .min(5, 'Look at 5 requests or more.')
      .max(1000, 'Look at 1,000 requests or fewer.')
      .default(50),
    /** p99 time to first token over the window, above this many milliseconds. */
    slowFirstToken: z
      .object({
        enabled: z.boolean().default(false),
        thresholdMs: z
          .number({ error: 'The time is a whole number of milliseconds.' })
          .int('The time is a whole number of milliseconds.')
          .min(1, 'The time is at least 1 ms.')
          .max(600_000, 'The time is at most 600,000 ms (10 minutes).')
          .default(2000),
      })
      .strict()
      .default({ enabled: false, thresholdMs: 2000 }),
    /** Failed requests (errors and answers cut off) over the window, above this percentage. */
    errorRate: z
      .object({
        enabled: z.boolean().default(false),
        thresholdPercent: z
          .number({ error: 'The error rate is a percentage.' })
          .min(0, 'The error rate is between 0 and 100 %.')
          .max(100, 'The error rate is between 0 and 100 %.')
          .default(10),
      })
      .strict()
      .default({ enabled: false, thresholdPercent: 10 }),
    /** Spending today (local day), above this many dollars. */
    dailyBudget: z
      .object({ enabled: z.boolean().default(false), usd: usd(5) })
      .strict()
      .default({ enabled: false, usd: 5 }),
    /** Spending this month (local month), above this many dollars. */
    monthlyBudget: z
      .object({ enabled: z.boolean().default(false), usd: usd(50) })
      .strict()
      .default({ enabled: false, usd: 50 }),
  })
  .strict();
export type AlertSettings = z.infer<typeof alertSettingsSchema>;

export const alertKinds = ['slow-first-token', 'error-rate', 'daily-budget', 'monthly-budget'] as const;
export type AlertKind = (typeof alertKinds)[number];

/** An alert that is raised now, with the figures it was raised on. */
export interface ActiveAlert {
  /** The rule and what it watches: `error-rate:openai/gpt-4o`, `daily-budget`. */
  id: string;
  /** Different each time the alert is raised (a dismissed alert raised again is a new one). */
  raiseId: string;
  kind: AlertKind;
  /** The model the rule watches; null for the budgets. */
  providerId: string | null;
  model: string | null;
  /** p99 ms, error %, or dollars spent. */
  value: number;
  threshold: number;
  /** How many requests the figure is over (latency and error rules); null for the budgets. */
  requests: number | null;
  raisedAt: number;
  /** The alert in words with its figures, in both UI languages. */
  text: NoticeText;
}

const count = (language: string, n: number, digits = 0) =>
  new Intl.NumberFormat(language, { maximumFractionDigits: digits }).format(n);
const money = (language: string, n: number) =>
  new Intl.NumberFormat(language, { style: 'currency', currency: 'USD' }).format(n);

/** The alert's sentence in English and Chinese, figures formatted for each. */
export function alertText(alert: Omit<ActiveAlert, 'text' | 'raiseId' | 'raisedAt' | 'id'>): NoticeText {
  const { value, threshold, model } = alert;
  const n = alert.requests ?? 0;
  switch (alert.kind) {
    case 'slow-first-token':
      return {
        message: `p99 time to first token ${count('en', value)} ms over the last ${count('en', n)} requests of ${model} (threshold ${count('en', threshold)} ms)`,
        messageZh: `${model} 最近 ${count('zh-CN', n)} 次请求的首个 token 延迟 p99 为 ${count('zh-CN', value)} 毫秒（阈值 ${count('zh-CN', threshold)} 毫秒）`,
      };
    case 'error-rate':
      return {
        message: `Error rate ${count('en', value, 1)} % over the last ${count('en', n)} requests of ${model} (threshold ${count('en', threshold, 1)} %)`,
        messageZh: `${model} 最近 ${count('zh-CN', n)} 次请求的错误率为 ${count('zh-CN', value, 1)}%（阈值 ${count('zh-CN', threshold, 1)}%）`,
      };
    case 'daily-budget':
      return {
        message: `Spending today is ${money('en', value)}, above the daily budget of ${money('en', threshold)}`,
        messageZh: `今日花费 ${money('zh-CN', value)}，已超过每日预算 ${money('zh-CN', threshold)}`,
      };
    case 'monthly-budget':
      return {
        message: `Spending this month is ${money('en', value)}, above the monthly budget of ${money('en', threshold)}`,
        messageZh: `本月花费 ${money('zh-CN', value)}，已超过每月预算 ${money('zh-CN', threshold)}`,
      };
  }
}
