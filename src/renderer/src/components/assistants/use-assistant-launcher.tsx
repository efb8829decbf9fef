import './assistants.css';
import { useCallback, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assistant } from '../../../../shared/assistants.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import { assistantText } from '../../state/assistants-store.ts';
import { useAssistants } from '../../state/app-state.ts';
import { Menu } from '../Menu.tsx';
import type { MenuItem } from '../Menu.tsx';
import { AssistantLibrary } from './AssistantLibrary.tsx';
import { AssistantPicker } from './AssistantPicker.tsx';

export interface AssistantLauncher {
  /** The assistant the next new chat starts with (null: a plain chat). */
  pendingAssistantId: string | null;
  /** A plain new chat forgets the pending assistant. */
  clear(): void;
  openLibrary(): void;
  openPicker(): void;
  openMenu(x: number, y: number): void;
  /** The library, the picker and the New chat menu, when open. */
  overlays: ReactNode;
}

/**
 * Starting chats with assistants: from the New chat button's menu, the picker
 * (Ctrl/Cmd+Shift+N) and the library. Starting one opens a new chat with the assistant's model.
 */
export function useAssistantLauncher({
  startNewChat,
  chooseModel,
}: {
  startNewChat(): void;
  chooseModel(model: ModelRef): void;
}): AssistantLauncher {
  const { t, i18n } = useTranslation();
  const assistants = useAssistants();
  const [pendingAssistantId, setPending] = useState<string | null>(null);
  const [open, setOpen] = useState<'library' | 'picker' | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);

  const start = useCallback(
    (assistant: Assistant) => {
      setOpen(null);
      setPending(assistant.id);
      if (assistant.model) chooseModel(assistant.model);
      startNewChat();
    },
    [chooseModel, startNewChat],
  );
  const close = useCallback(() => setOpen(null), []);
  const closeMenu = useCallback(() => setMenu(null), []);

  const menuItems: MenuItem[] = [
    { label: t('assistants.plainChat'), onSelect: () => (setPending(null), startNewChat()) },
    ...(assistants ?? [])
      .filter((a) => !a.hidden)
      .map((a) => ({
        label: `${a.emoji} ${assistantText(a, i18n.language).name}`,
        onSelect: () => start(a),
      })),
    { label: t('assistants.manage'), onSelect: () => setOpen('library') },
  ];

  const overlays = (
    <>
      {open === 'library' && <AssistantLibrary onClose={close} onStartChat={start} />}
      {open === 'picker' && (
        <AssistantPicker onPick={start} onManage={() => setOpen('library')} onClose={close} />
      )}
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          label={t('assistants.newChatWith')}
          items={menuItems}
          onClose={closeMenu}
        />
      )}
    </>
  );

  return {
    pendingAssistantId,
    clear: useCallback(() => setPending(null), []),
    openLibrary: useCallback(() => setOpen('library'), []),
    openPicker: useCallback(() => setOpen('picker'), []),
    openMenu: useCallback((x: number, y: number) => setMenu({ x, y }), []),
    overlays,
  };
}
