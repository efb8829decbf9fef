import { useTranslation } from 'react-i18next';
import { acceleratorKeys, isMacPlatform } from '../../../shared/accelerator.ts';
import { useAppInfo, useSettings } from '../state/app-state.ts';
import { DialogCloseButton } from './DialogCloseButton.tsx';
import { Modal } from './Modal.tsx';

type Keys = string[][];
interface Row {
  /** Key under `shortcuts`. */
  what: string;
  /** Alternatives, each a list of keys pressed together. */
  keys: Keys;
}

/** Every shortcut the main window has (App, Composer, message editing, the conversation list, dialogs). */
function groups(mod: string): { group: string; rows: Row[] }[] {
  return [
    {
      group: 'app',
      rows: [
        { what: 'newChat', keys: [[mod, 'N']] },
        { what: 'newChatAssistant', keys: [[mod, 'Shift', 'N']] },
        { what: 'search', keys: [[mod, 'K']] },
        { what: 'settings', keys: [[mod, ',']] },
        { what: 'usage', keys: [[mod, 'Shift', 'D']] },
        { what: 'sheet', keys: [[mod, '/']] },
      ],
    },
    {
      group: 'chat',
      rows: [
        { what: 'send', keys: [['Enter']] },
        { what: 'newline', keys: [['Shift', 'Enter']] },
        { what: 'stop', keys: [['Esc']] },
        { what: 'editSave', keys: [['Enter']] },
        { what: 'editCancel', keys: [['Esc']] },
      ],
    },
    {
      group: 'list',
      rows: [
        { what: 'listMove', keys: [['↑'], ['↓']] },
        { what: 'listEnds', keys: [['Home'], ['End']] },
        { what: 'rename', keys: [['F2']] },
        { what: 'remove', keys: [['Delete']] },
        { what: 'menu', keys: [['Shift', 'F10'], ['Menu']] },
      ],
    },
    {
      group: 'dialogs',
      rows: [
        { what: 'closeDialog', keys: [['Esc']] },
        { what: 'confirm', keys: [['Enter']] },
        { what: 'nextField', keys: [['Tab'], ['Shift', 'Tab']] },
      ],
    },
  ];
}

/** The keyboard-shortcuts sheet (Ctrl+/ or ⌘/): a modal list, Esc closes it. */
export function ShortcutsSheet({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const info = useAppInfo();
  const settings = useSettings();
  // The keys are pressed in this browser or window: its platform says Ctrl or ⌘.
  const mac = isMacPlatform(navigator.platform);
  const mod = mac ? '⌘' : 'Ctrl';
  const all = groups(mod);
  if (info?.edition === 'desktop' && settings?.hotkey)
    all[0]!.rows.push({ what: 'quickPrompt', keys: [acceleratorKeys(settings.hotkey, info.platform)] });

  return (
    <Modal className="shortcuts-sheet" labelledBy="shortcuts-title" onClose={onClose}>
      <div className="shortcuts-head">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <DialogCloseButton className="icon-button" label={t('shortcuts.close')} onClose={onClose} />
      </div>
      <div className="shortcuts-groups">
        {all.map(({ group, rows }) => (
          <section key={group}>
            <h3>{t(`shortcuts.groups.${group}`)}</h3>
            <table>
              <tbody>
                {rows.map((row) => (
                  <tr key={row.what}>
                    <th scope="row">{t(`shortcuts.${row.what}`)}</th>
                    <td>
                      {row.keys.map((combo, i) => (
                        <span key={i} className="combo">
                          {combo.map((key) => (
                            <kbd key={key}>{key}</kbd>
                          ))}
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
      <p className="hint">{t('shortcuts.hint', { keys: `${mod}+/` })}</p>
    </Modal>
  );
}
