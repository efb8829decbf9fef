import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ActiveAlert } from '../../src/shared/alerts.ts';
import { alertText } from '../../src/shared/alerts.ts';
import { alertNotifier } from '../../src/main/shell/alert-notifier.ts';
import type { AlertNotifierDeps } from '../../src/main/shell/alert-notifier.ts';

/** Electron's Notification as far as the notifier uses it: its options, its click, whether it showed. */
class FakeNotification extends EventEmitter {
  shown = false;
  readonly options: { title: string; body: string; silent: boolean };
  constructor(options: { title: string; body: string; silent: boolean }) {
    super();
    this.options = options;
  }
  show() {
    this.shown = true;
  }
}

const figures = {
  kind: 'slow-first-token' as const,
  providerId: 'openai',
  model: 'gpt-4o',
  value: 1240,
  threshold: 800,
  requests: 50,
};
const alert: ActiveAlert = {
  ...figures,
  id: 'slow-first-token:openai/gpt-4o',
  raiseId: '1',
  raisedAt: 0,
  text: alertText(figures),
};

function setup(over: Partial<AlertNotifierDeps> = {}) {
  const made: FakeNotification[] = [];
  let shownMain = 0;
  const notify = alertNotifier({
    isSupported: () => true,
    create: (options) => {
      const n = new FakeNotification(options);
      made.push(n);
      return n;
    },
    language: () => 'system',
    osLocale: () => 'en-US',
    showMain: () => shownMain++,
    ...over,
  });
  return { notify, made, shownMain: () => shownMain };
}

describe('the desktop notification of an alert', () => {
  it('shows the alert with its figures; a click brings the main window', () => {
    const { notify, made, shownMain } = setup();
    notify(alert);
    expect(made).toHaveLength(1);
    expect(made[0]!.options).toEqual({
      title: 'Parley alert',
      body: 'p99 time to first token 1,240 ms over the last 50 requests of gpt-4o (threshold 800 ms)',
      silent: false,
    });
    expect(made[0]!.shown).toBe(true);
    made[0]!.emit('click');
    expect(shownMain()).toBe(1);
  });

  it('speaks the language setting, or the system’s when the setting follows it', () => {
    const chinese = setup({ osLocale: () => 'zh-CN' });
    chinese.notify(alert);
    expect(chinese.made[0]!.options.title).toBe('Parley 警报');
    expect(chinese.made[0]!.options.body).toContain('1,240 毫秒');
    const english = setup({ language: () => 'en', osLocale: () => 'zh-CN' });
    english.notify(alert);
    expect(english.made[0]!.options.title).toBe('Parley alert');
  });

  it('shows nothing where the desktop has no notifications', () => {
    const { notify, made } = setup({ isSupported: () => false });
    notify(alert);
    expect(made).toEqual([]);
  });
});
