import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_HOTKEY,
  acceleratorKeys,
  describeAccelerator,
  isMacPlatform,
} from '../../../shared/accelerator.ts';
import { recordKey } from './record-key.ts';
import './strings.ts';
import './shortcut-recorder.css';

export interface ShortcutRecorderProps {
  /** The accelerator in settings (`SettingsView['hotkey']`). */
  value: string;
  /** Called with a new accelerator; save it with `settings.update({ hotkey })`. */
  onChange(accelerator: string): void;
  /** `SettingsView['hotkeyStatus']`: whether main could register it, in plain words if not. */
  status?: { registered: boolean; message: string | null } | null;
  /** `AppInfo['platform']` (e.g. 'darwin'); defaults to the browser's idea of it. */
  platform?: string;
  disabled?: boolean;
}

/**
 * Records the quick-prompt shortcut: click Change, press the keys. Shows the shortcut as keycaps
 * and, under it, whether Parley could register it (a shortcut taken by another app says so).
 */
export function ShortcutRecorder({ value, onChange, status, platform, disabled }: ShortcutRecorderProps) {
  const { t } = useTranslation('quick');
  const keyboard = platform ?? navigator.platform;
  const mac = isMacPlatform(keyboard);
  const [recording, setRecording] = useState(false);
  const [live, setLive] = useState<string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const target = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (recording) target.current?.focus();
  }, [recording]);

  const stop = () => {
    setRecording(false);
    setLive([]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (!recording) return;
    event.preventDefault();
    event.stopPropagation();
    const plain = !event.ctrlKey && !event.altKey && !event.metaKey && !event.shiftKey;
    if (event.key === 'Escape' && plain) {
      stop();
      setProblem(null);
      return;
    }
    const result = recordKey(event, mac);
    switch (result.kind) {
      case 'modifiers-only':
        setLive(acceleratorKeys(result.modifiers.join('+'), keyboard));
        setProblem(null);
        return;
      case 'needs-modifier':
        setProblem(t('shortcut.needsModifier'));
        return;
      case 'not-a-key':
        setProblem(t('shortcut.notAKey'));
        return;
      case 'shortcut':
        setProblem(null);
        stop();
        if (result.accelerator !== value) onChange(result.accelerator);
    }
  };

  const keys = recording ? live : acceleratorKeys(value, keyboard);
  const statusText =
    problem ??
    (status
      ? (status.message ?? (status.registered ? t('shortcut.registered') : t('shortcut.notRegistered')))
      : null);
  const bad = !!problem || (status ? !status.registered : false);

  return (
    <div className="shortcut-recorder" data-recording={recording || undefined}>
      <div className="shortcut-row">
        <button
          ref={target}
          type="button"
          className="shortcut-keys"
          aria-label={
            recording
              ? t('shortcut.recording')
              : `${t('shortcut.label')}: ${describeAccelerator(value, keyboard)}`
          }
          aria-describedby="shortcut-status"
          disabled={disabled}
          onClick={() => (recording ? stop() : setRecording(true))}
          onKeyDown={onKeyDown}
          onBlur={stop}
        >
          {recording && keys.length === 0 ? (
            <span className="shortcut-prompt">{t('shortcut.recording')}</span>
          ) : (
            keys.map((k, i) => <kbd key={i}>{k}</kbd>)
          )}
        </button>
        {!recording && (
          <button
            type="button"
            className="ghost small"
            disabled={disabled}
            onClick={() => setRecording(true)}
          >
            {t('shortcut.change')}
          </button>
        )}
        {!recording && value !== DEFAULT_HOTKEY && (
          <button
            type="button"
            className="ghost small"
            disabled={disabled}
            onClick={() => onChange(DEFAULT_HOTKEY)}
          >
            {t('shortcut.reset')}
          </button>
        )}
      </div>
      {statusText && (
        <p
          id="shortcut-status"
          className={bad ? 'shortcut-status error' : 'shortcut-status'}
          role={bad ? 'alert' : 'status'}
        >
          {statusText}
        </p>
      )}
    </div>
  );
}
