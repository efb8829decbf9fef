import type { ActiveAlert } from '../../shared/alerts.ts';
import { noticeIn } from '../../shared/settings.ts';
import { shellLanguage } from './tray.ts';

/** The part of Electron's Notification the notifier uses; the real class fits. */
export interface NotificationLike {
  on(event: 'click' | 'close', listener: () => void): unknown;
  show(): void;
}

export interface AlertNotifierDeps {
  /** `Notification.isSupported()`: false where the desktop has no notification service. */
  isSupported(): boolean;
  create(options: { title: string; body: string; silent: boolean }): NotificationLike;
  /** The language setting and the OS locale, read when an alert comes. */
  language(): 'system' | 'en' | 'zh-CN';
  osLocale(): string;
  /** Clicking the notification brings the main window (where the notice lists the alerts). */
  showMain(): void;
}

const titles = { en: 'Parley alert', 'zh-CN': 'Parley 警报' };

/** The desktop app's system notification of a newly raised alert, in the UI's language. */
export function alertNotifier(deps: AlertNotifierDeps): (alert: ActiveAlert) => void {
  // Held until clicked or closed: a notification collected early loses its click.
  const shown = new Set<NotificationLike>();
  return (alert) => {
    if (!deps.isSupported()) return;
    const language = shellLanguage(deps.language(), deps.osLocale());
    const notification = deps.create({
      title: titles[language],
      body: noticeIn(alert.text, language),
      silent: false,
    });
    shown.add(notification);
    notification.on('click', () => {
      shown.delete(notification);
      deps.showMain();
    });
    notification.on('close', () => shown.delete(notification));
    notification.show();
  };
}
