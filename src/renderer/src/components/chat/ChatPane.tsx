import './chat-pane.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredMessage } from '../../../../shared/history.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import type { AttachmentChoice } from '../../../../shared/attachments.ts';
import { attachmentsOf } from '../../../../shared/attachments.ts';
import {
  chatStore,
  useConversationView,
  useHighlight,
  useAssistants,
  useConversationSettings,
  useIsStreaming,
  useSettings,
} from '../../state/app-state.ts';
import { AssistantBadge, InstructionsBanner } from './Instructions.tsx';
import { ConversationSettingsDialog } from './ConversationSettingsDialog.tsx';
import { ToolsIndicator } from './tools/ToolsIndicator.tsx';
import { modelLabel } from '../../state/settings-store.ts';
import { estimateContext } from '../../lib/tokens.ts';
import { errorText } from '../../lib/error-text.ts';
import type { FilterOverride, FilterRule } from '../../../../shared/filters.ts';
import type { SendOutcome } from '../filters/hold.ts';
import { holdOf } from '../filters/hold.ts';
import { holdLines } from '../filters/finding-text.ts';
import type { ComposerHandle } from './Composer.tsx';
import { Composer } from './Composer.tsx';
import { MessageList } from './MessageList.tsx';
import type { MessageActions } from './MessageItem.tsx';
import { ModelPicker } from './ModelPicker.tsx';
import { ComparePicker } from './ComparePicker.tsx';
import { CompareColumns } from './CompareColumns.tsx';
import { openComparison } from '../../state/comparison.ts';
import { useCompareActions } from './use-compare-actions.ts';
import { ConversationSpend } from '../usage/ConversationSpend.tsx';
import { AlertIcon, CloseIcon, SettingsIcon, SidebarIcon, SlidersIcon, SparkIcon } from '../icons.tsx';

interface Props {
  conversationId: string | null;
  model: ModelRef | null;
  /** The conversation's own model when it is no longer set up. */
  missingModel: ModelRef | null;
  onModelChange(model: ModelRef | null): void;
  onOpenSettings(): void;
  sidebarOpen: boolean;
  onToggleSidebar(): void;
  composerRef: Ref<ComposerHandle>;
  /** The assistant a new chat starts with (null: none). */
  pendingAssistantId: string | null;
  /** Shown under the header, in the pane's flow (the key vault prompt), so nothing below is covered. */
  banner?: ReactNode;
}

const NO_RULES: readonly FilterRule[] = [];

/** The open conversation (or a new chat): header with the model, the messages, the composer. */
export function ChatPane({
  conversationId,
  model,
  missingModel,
  onModelChange,
  onOpenSettings,
  sidebarOpen,
  onToggleSidebar,
  composerRef,
  pendingAssistantId,
  banner,
}: Props) {
  const { t, i18n } = useTranslation();
  const settings = useSettings();
  const rules = settings?.contentFilter.rules ?? NO_RULES;
  const latest = useRef({ conversationId, model, rules });
  useEffect(() => {
    latest.current = { conversationId, model, rules };
  });
  const view = useConversationView(conversationId);
  const convSettings = useConversationSettings(conversationId);
  const own = convSettings?.status === 'ready' ? convSettings.settings : null;
  const assistantId = conversationId ? (own?.assistantId ?? null) : pendingAssistantId;
  const assistant = useAssistants()?.find((a) => a.id === assistantId) ?? null;
  const [settingsOpen, setSettingsOpen] = useState<boolean | 'tools'>(false);
  /** The models the next message is compared on (fewer than two: it goes to `model` alone). */
  const [compareModels, setCompareModels] = useState<ModelRef[]>([]);
  const streaming = useIsStreaming(conversationId);
  const highlight = useHighlight();
  // Notices belong to the conversation they came from, so switching away hides them.
  const [errorState, setErrorState] = useState<{ id: string | null; text: string } | null>(null);
  const [loadErrorState, setLoadErrorState] = useState<{ id: string; text: string } | null>(null);
  const error = errorState && errorState.id === conversationId ? errorState.text : null;
  const loadError = loadErrorState && loadErrorState.id === conversationId ? loadErrorState.text : null;
  const setError = useCallback(
    (text: string | null) =>
      setErrorState(text === null ? null : { id: latest.current.conversationId, text }),
    [],
  );

  useEffect(() => {
    if (conversationId !== null) {
      chatStore
        .load(conversationId)
        .catch((e: unknown) => setLoadErrorState({ id: conversationId, text: errorText(e) }));
    }
  }, [conversationId]);

  const report = useCallback(
    (run: () => Promise<unknown>, failed: 'chat.sendFailed' | 'chat.deleteFailed' = 'chat.sendFailed') => {
      setError(null);
      run().catch((e: unknown) => {
        // An edit the content filters held: what they found, in plain words (the edit box has closed).
        const hold = holdOf(e);
        const words = { t, language: i18n.language };
        const found = hold ? holdLines(hold.findings, latest.current.rules, words).join(' ') : '';
        setError(t(failed, { message: hold ? `${errorText(e)} ${found}` : errorText(e) }));
      });
    },
    [t, i18n, setError],
  );

  const actions: MessageActions = useMemo(
    () => ({
      // Retry and Regenerate use the conversation's model (main knows it) unless another is chosen.
      regenerate(message: StoredMessage, other?: ModelRef) {
        const userId = message.role === 'user' ? message.id : message.parentId;
        if (!userId) return;
        report(() => chatStore.regenerate(userId, other ?? null));
      },
      edit(message: StoredMessage, content: string) {
        const { conversationId: id, model: m } = latest.current;
        if (!id) return;
        // The edited message keeps its files.
        const attachments = attachmentsOf(message.parts ?? []).map((ref) => ({ id: ref.id }));
        report(() =>
          chatStore.send({ content, attachments, conversationId: id, model: m, parentId: message.parentId }),
        );
      },
      continueAnswer(message: StoredMessage) {
        report(() => chatStore.continueAnswer(message.id));
      },
      remove(message: StoredMessage) {
        const id = latest.current.conversationId;
        if (!id) return;
        report(() => chatStore.deleteMessage(id, message.id), 'chat.deleteFailed');
      },
      switchBranch(message: StoredMessage, offset: number) {
        const id = latest.current.conversationId;
        if (!id) return;
        report(() => chatStore.switchBranch(id, message.id, offset));
      },
    }),
    [report],
  );

  const onSend = useCallback(
    async (
      content: string,
      attachments: AttachmentChoice[],
      filters?: FilterOverride,
    ): Promise<SendOutcome> => {
      setError(null);
      try {
        if (compareModels.length >= 2) {
          const models = compareModels;
          await chatStore.compare({
            content,
            attachments,
            conversationId,
            models,
            assistantId: pendingAssistantId,
            filters,
          });
          setCompareModels([]);
        } else {
          await chatStore.send({
            content,
            attachments,
            conversationId,
            model,
            assistantId: pendingAssistantId,
            filters,
          });
        }
        return 'sent';
      } catch (e) {
        const hold = holdOf(e);
        if (hold) return { hold };
        setError(t('chat.sendFailed', { message: errorText(e) }));
        return 'failed';
      }
    },
    [conversationId, model, compareModels, pendingAssistantId, t, setError],
  );
  const onStop = useCallback(() => void chatStore.stopStreams(conversationId), [conversationId]);

  const path = view?.path;
  const comparison = useMemo(() => (view ? openComparison(view.tree, view.path) : null), [view]);
  const compareActions = useCompareActions(conversationId, report);
  const contextTokens = useMemo(() => estimateContext(path ?? [], ''), [path]);
  const hasProvider = (settings?.providers.length ?? 0) > 0;
  const title = view?.detail.title || (conversationId ? '' : t('sidebar.newChat'));
  const detail = view?.detail;
  const ownModel =
    detail?.providerId && detail.model
      ? modelLabel(settings, { providerId: detail.providerId, model: detail.model })
      : null;

  return (
    <main className="chat-pane">
      <header className="chat-header">
        {!sidebarOpen && (
          <button
            type="button"
            className="icon-button"
            onClick={onToggleSidebar}
            aria-label={t('sidebar.expand')}
            title={t('sidebar.expand')}
          >
            <SidebarIcon size={18} />
          </button>
        )}
        <ModelPicker
          settings={settings}
          value={model}
          onChange={onModelChange}
          placeholder={missingModel ? t('conversationModel.choose') : undefined}
        />
        <ComparePicker settings={settings} value={compareModels} onChange={setCompareModels} />
        <AssistantBadge assistant={assistant} />
        <h2 className="chat-title" title={title}>
          {title}
        </h2>
        {ownModel && (
          <span className="chat-model" data-testid="conversation-model" title={ownModel}>
            {ownModel}
          </span>
        )}
        {conversationId && view && <ConversationSpend tree={view.tree} />}
        {conversationId && (
          <ToolsIndicator servers={own?.tools ?? []} onOpen={() => setSettingsOpen('tools')} />
        )}
        {conversationId && (
          <button
            type="button"
            className="icon-button"
            aria-label={t('convSettings.open')}
            title={t('convSettings.open')}
            onClick={() => setSettingsOpen(true)}
          >
            <SlidersIcon size={17} />
          </button>
        )}
      </header>
      {banner}
      <InstructionsBanner
        prompt={conversationId ? (own?.systemPrompt ?? '') : (assistant?.systemPrompt ?? '')}
        onEdit={conversationId ? () => setSettingsOpen(true) : null}
      />
      {missingModel && (
        <div className="model-missing" role="status">
          <AlertIcon size={16} />
          <span>{t('conversationModel.missing', { model: modelLabel(settings, missingModel) })}</span>
        </div>
      )}
      {loadError ? (
        <div className="pane-message error" role="alert">
          <AlertIcon size={18} /> {t('chat.loadFailed', { message: loadError })}
        </div>
      ) : path && path.length > 0 && conversationId ? (
        <MessageList
          conversationId={conversationId}
          path={comparison ? path.slice(0, -1) : path}
          tree={view.tree}
          actions={actions}
          busy={streaming}
          highlight={highlight}
          tail={
            comparison && (
              <CompareColumns comparison={comparison} streaming={streaming} actions={compareActions} />
            )
          }
        />
      ) : conversationId && !view ? (
        <div className="pane-message" aria-busy="true">
          {t('app.loading')}
        </div>
      ) : (
        <div className="empty-state">
          <div className="empty-logo" aria-hidden="true">
            <SparkIcon size={28} />
          </div>
          <h3>{t('chat.emptyTitle')}</h3>
          <p>{hasProvider || !settings ? t('chat.empty') : t('chat.noProvider')}</p>
          {settings && !hasProvider && (
            <button type="button" className="primary" onClick={onOpenSettings}>
              <SettingsIcon size={15} /> {t('chat.openSettings')}
            </button>
          )}
        </div>
      )}
      {error && (
        <div className="send-error" role="alert">
          <AlertIcon size={16} />
          <span>{error}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('actions.close')}
            onClick={() => setError(null)}
          >
            <CloseIcon size={14} />
          </button>
        </div>
      )}
      <Composer
        ref={composerRef}
        draftKey={conversationId}
        streaming={streaming}
        disabled={false}
        contextTokens={contextTokens}
        model={model}
        assistantId={conversationId ? null : pendingAssistantId}
        rules={rules}
        onSend={onSend}
        onStop={onStop}
      />
      {settingsOpen && conversationId && (
        <ConversationSettingsDialog
          conversationId={conversationId}
          model={model}
          section={settingsOpen === 'tools' ? 'tools' : undefined}
          onClose={() => setSettingsOpen(false)}
        />
      )}
    </main>
  );
}
