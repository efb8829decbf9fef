import './App.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary, SearchHit } from '../../shared/history.ts';
import { edition, on } from './lib/api.ts';
import { readAddress, withoutFragment } from '../../shared/address.ts';
import { downloadText } from './lib/download.ts';
import { errorText } from './lib/error-text.ts';
import { call } from './lib/api.ts';
import { useLook } from './lib/use-look.ts';
import { chatStore, settingsStore, useCurrentId, useSettings } from './state/app-state.ts';
import { Sidebar } from './components/sidebar/Sidebar.tsx';
import type { SidebarHandle } from './components/sidebar/Sidebar.tsx';
import type { ConversationCommands } from './components/sidebar/ConversationList.tsx';
import { ChatPane } from './components/chat/ChatPane.tsx';
import { useChatModel } from './components/chat/use-chat-model.ts';
import { useAssistantLauncher } from './components/assistants/use-assistant-launcher.tsx';
import type { ComposerHandle } from './components/chat/Composer.tsx';
import './components/overlays.css';
import './components/settings/settings.css';
import { SettingsDialog } from './components/settings/SettingsDialog.tsx';
import { UsageView } from './components/usage/UsageView.tsx';
import type { SettingsTab } from './components/settings/SettingsDialog.tsx';
import { Menu } from './components/Menu.tsx';
import { ShortcutsSheet } from './components/ShortcutsSheet.tsx';
import type { MenuItem } from './components/Menu.tsx';
import { Toast } from './components/Toast.tsx';
import { StaleTokenNotice } from './components/StaleTokenNotice.tsx';
import { VaultPrompt } from './components/VaultPrompt.tsx';
import { UpdateBanner } from './components/UpdateBanner.tsx';
import { warmMarkdown } from './markdown/warm.ts';
import { AlertNotice } from './components/alerts/AlertNotice.tsx';
import type { ToastState } from './components/Toast.tsx';
import { ArchiveIcon, DownloadIcon, EditIcon, PinIcon, TrashIcon } from './components/icons.tsx';

export function App() {
  const { t } = useTranslation();
  if (edition === 'unauthenticated') {
    return (
      <div className="fatal">
        <p role="alert">{t('errors.unauthenticated')}</p>
      </div>
    );
  }
  return (
    <>
      <StaleTokenNotice />
      <MainWindow />
      <AlertNotice />
      <UpdateBanner />
    </>
  );
}

function MainWindow() {
  const { t } = useTranslation();
  const settings = useSettings();
  const currentId = useCurrentId();
  const [settingsTab, setSettingsTab] = useState<SettingsTab | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const [usageOpen, setUsageOpen] = useState(false);
  const [sidebarOpen, setSidebarOpen] = useState(true);
  const [menu, setMenu] = useState<{
    x: number;
    y: number;
    conversation: ConversationSummary;
    rename(): void;
  } | null>(null);
  const [toast, setToast] = useState<ToastState | null>(null);
  const sidebar = useRef<SidebarHandle>(null);
  const composer = useRef<ComposerHandle>(null);

  // Stores and events.
  useEffect(() => {
    chatStore.start();
    warmMarkdown();
    const offSettings = settingsStore.start();
    void chatStore.loadList().catch(() => {});
    // The address (`#c=<id>` opens that conversation, `#new` starts a new chat) wins over the
    // conversation open before a reload; it is cleared once read, so a reload does not act again.
    const followAddress = (): boolean => {
      const target = readAddress(window.location.hash);
      if (!target) return false;
      window.history.replaceState(window.history.state, '', withoutFragment(window.location));
      setSettingsTab(null);
      if (target.kind === 'open') {
        chatStore.select(target.conversationId);
      } else {
        chatStore.select(null);
        requestAnimationFrame(() => composer.current?.focus());
      }
      return true;
    };
    if (!followAddress()) chatStore.restoreSelection();
    const offNavigate = on('app.navigate', ({ conversationId }) => chatStore.select(conversationId));
    const onHashChange = () => void followAddress();
    window.addEventListener('hashchange', onHashChange);
    return () => {
      chatStore.stop();
      offSettings();
      offNavigate();
      window.removeEventListener('hashchange', onHashChange);
    };
  }, []);

  useLook(settings);
  useEffect(() => {
    document.title = t('app.name');
  }, [t]);

  // The model for the next message: the open conversation's, else the one picked here, else the default.
  const chatModel = useChatModel(currentId, settings);

  const startNewChat = useCallback(() => {
    setSettingsTab(null);
    chatStore.select(null);
    requestAnimationFrame(() => composer.current?.focus());
  }, []);
  const launcher = useAssistantLauncher({ startNewChat, chooseModel: chatModel.choose });
  const { clear: clearAssistant, openPicker } = launcher;
  const newChat = useCallback(() => {
    clearAssistant();
    startNewChat();
  }, [clearAssistant, startNewChat]);

  const openSettings = useCallback((tab: SettingsTab = 'general') => setSettingsTab(tab), []);

  // Keyboard: Ctrl/Cmd+N new chat, Ctrl/Cmd+Shift+N new chat with an assistant, Ctrl/Cmd+K search, Ctrl/Cmd+, settings,
  // Ctrl/Cmd+Shift+D usage, Ctrl/Cmd+/ the shortcuts sheet, Esc stops the answer. (List every new one in ShortcutsSheet.)
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        setSettingsTab(null);
        newChat();
      } else if (mod && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        setSettingsTab(null);
        openPicker();
      } else if (mod && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSettingsTab(null);
        setSidebarOpen(true);
        requestAnimationFrame(() => sidebar.current?.focusSearch());
      } else if (mod && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'd') {
        event.preventDefault();
        setUsageOpen((open) => !open);
      } else if (mod && event.key === ',') {
        event.preventDefault();
        setSettingsTab((tab) => (tab ? null : 'general'));
      } else if (mod && !event.altKey && (event.key === '/' || event.code === 'Slash')) {
        event.preventDefault();
        setShortcutsOpen((open) => !open);
      } else if (event.key === 'Escape' && !event.defaultPrevented) {
        const id = chatStore.getCurrentId();
        if (chatStore.isStreaming(id)) {
          event.preventDefault();
          void chatStore.stopStreams(id);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newChat, openPicker]);

  const exportConversation = useCallback(
    async (conversation: ConversationSummary, format: 'md' | 'json') => {
      try {
        const file = await call('history.export', { conversationId: conversation.id, format });
        downloadText(file.fileName, file.mimeType, file.content);
        setToast({ id: Date.now(), text: t('conversation.exported', { fileName: file.fileName }) });
      } catch (error) {
        setToast({ id: Date.now(), text: t('errors.generic', { message: errorText(error) }), error: true });
      }
    },
    [t],
  );

  const commands: ConversationCommands = useMemo(
    () => ({
      select: (id) => chatStore.select(id),
      rename: (id, title) =>
        void chatStore.rename(id, title).catch((error: unknown) =>
          setToast({
            id: Date.now(),
            text: t('errors.generic', { message: errorText(error) }),
            error: true,
          }),
        ),
      remove: (conversation) => {
        const title = conversation.title || t('sidebar.untitled');
        chatStore
          .remove(conversation.id)
          .then(() =>
            setToast({
              id: Date.now(),
              text: t('conversation.deleted', { title }),
              action: {
                label: t('conversation.undo'),
                run: () => {
                  void chatStore.restore(conversation.id).then(() => chatStore.select(conversation.id));
                },
              },
            }),
          )
          .catch((error: unknown) =>
            setToast({
              id: Date.now(),
              text: t('errors.generic', { message: errorText(error) }),
              error: true,
            }),
          );
      },
      openMenu: (conversation, x, y, rename) => setMenu({ x, y, conversation, rename }),
    }),
    [t],
  );

  const archive = (conversation: ConversationSummary) => {
    const title = conversation.title || t('sidebar.untitled');
    chatStore
      .setArchived(conversation.id, true)
      .then(() =>
        setToast({
          id: Date.now(),
          text: t('archive.archived', { title }),
          action: {
            label: t('conversation.undo'),
            run: () => void chatStore.setArchived(conversation.id, false),
          },
        }),
      )
      .catch((error: unknown) =>
        setToast({ id: Date.now(), text: t('errors.generic', { message: errorText(error) }), error: true }),
      );
  };

  const menuItems: MenuItem[] = menu
    ? [
        { label: t('conversation.rename'), icon: <EditIcon size={15} />, onSelect: menu.rename },
        {
          label: menu.conversation.pinned ? t('conversation.unpin') : t('conversation.pin'),
          icon: <PinIcon size={15} />,
          onSelect: () => void chatStore.setPinned(menu.conversation.id, !menu.conversation.pinned),
        },
        {
          label: t('conversation.exportMarkdown'),
          icon: <DownloadIcon size={15} />,
          onSelect: () => void exportConversation(menu.conversation, 'md'),
        },
        {
          label: t('conversation.exportJson'),
          icon: <DownloadIcon size={15} />,
          onSelect: () => void exportConversation(menu.conversation, 'json'),
        },
        {
          label: t('archive.archive'),
          icon: <ArchiveIcon size={15} />,
          onSelect: () => archive(menu.conversation),
        },
        {
          label: t('conversation.delete'),
          icon: <TrashIcon size={15} />,
          danger: true,
          onSelect: () => commands.remove(menu.conversation),
        },
      ]
    : [];

  const openHit = useCallback((hit: SearchHit) => {
    void chatStore.reveal(hit.conversationId, hit.messageId);
  }, []);

  return (
    <div className={`app${sidebarOpen ? '' : ' sidebar-hidden'}`}>
      {sidebarOpen && (
        <Sidebar
          ref={sidebar}
          currentId={currentId}
          commands={commands}
          onNewChat={newChat}
          onNewChatMenu={launcher.openMenu}
          onOpenAssistants={launcher.openLibrary}
          onOpenHit={openHit}
          onOpenSettings={() => openSettings('general')}
          onOpenUsage={() => setUsageOpen(true)}
          onCollapse={() => setSidebarOpen(false)}
        />
      )}
      <ChatPane
        conversationId={currentId}
        model={chatModel.model}
        missingModel={chatModel.missing}
        onModelChange={chatModel.choose}
        onOpenSettings={() => openSettings('providers')}
        sidebarOpen={sidebarOpen}
        onToggleSidebar={() => setSidebarOpen(true)}
        composerRef={composer}
        pendingAssistantId={launcher.pendingAssistantId}
        banner={<VaultPrompt />}
      />
      {launcher.overlays}
      {settingsTab && <SettingsDialog initialTab={settingsTab} onClose={() => setSettingsTab(null)} />}
      {usageOpen && <UsageView onClose={() => setUsageOpen(false)} />}
      {shortcutsOpen && <ShortcutsSheet onClose={() => setShortcutsOpen(false)} />}
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          label={menu.conversation.title}
          items={menuItems}
          onClose={() => setMenu(null)}
        />
      )}
      {toast && <Toast toast={toast} onDone={() => setToast(null)} />}
    </div>
  );
}
