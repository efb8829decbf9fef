import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSettings, ModelParameters } from '../../../../shared/assistants.ts';
import { SYSTEM_PROMPT_MAX_LENGTH } from '../../../../shared/assistants.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import { useCapabilities } from '../../lib/use-capabilities.ts';
import {
  conversationSettingsStore,
  useAssistants,
  useConversationSettings,
  useSettings,
} from '../../state/app-state.ts';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { Modal } from '../Modal.tsx';
import { useParamSection } from '../assistants/use-param-form.tsx';
import { useSaver } from '../settings/useSaver.ts';
import { FormFooter } from '../assistants/FormFooter.tsx';
import { ToolServersField } from './tools/ToolServersField.tsx';

/**
 * A conversation's own settings: its system prompt (an edit applies to the next request), the
 * parameters its model takes, how many earlier messages are sent, and the MCP servers whose tools
 * it may call. Empty fields show their defaults: the assistant's, else Settings'.
 */
export function ConversationSettingsDialog({
  conversationId,
  model,
  section,
  onClose,
}: {
  conversationId: string;
  model: ModelRef | null;
  /** Opened at this section (the header's tools indicator opens Tools). */
  section?: 'tools';
  onClose(): void;
}) {
  const { t } = useTranslation();
  const state = useConversationSettings(conversationId);
  return (
    <Modal className="conversation-settings" labelledBy="conv-settings-title" onClose={onClose}>
      <DialogCloseButton label={t('convSettings.close')} onClose={onClose} />
      <h2 id="conv-settings-title">{t('convSettings.title')}</h2>
      {state?.status === 'ready' ? (
        <SettingsForm
          conversationId={conversationId}
          model={model}
          initial={state.settings}
          focusTools={section === 'tools'}
          onClose={onClose}
        />
      ) : state?.status === 'failed' ? (
        <p className="feedback error" role="alert">
          {t('convSettings.loadFailed', { message: state.message })}
        </p>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
    </Modal>
  );
}

function SettingsForm({
  conversationId,
  model,
  initial,
  focusTools,
  onClose,
}: {
  conversationId: string;
  model: ModelRef | null;
  initial: ConversationSettings;
  focusTools: boolean;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const settings = useSettings();
  const assistant = useAssistants()?.find((a) => a.id === initial.assistantId) ?? null;
  const caps = useCapabilities(model ?? settings?.defaultModel ?? null);
  const [prompt, setPrompt] = useState(initial.systemPrompt);
  const [tools, setTools] = useState(initial.tools);
  const params = useParamSection(initial.parameters, initial.historyLimit);
  const [feedback, run, busy] = useSaver();

  const defaults: ModelParameters = {
    ...(settings?.defaultParameters ?? {}),
    ...(assistant?.parameters ?? {}),
  };
  const promptTooLong = prompt.length > SYSTEM_PROMPT_MAX_LENGTH;

  const save = () => {
    params.show();
    if (promptTooLong || params.invalid || busy) return;
    void run(async () => {
      await conversationSettingsStore.update(conversationId, {
        systemPrompt: prompt,
        parameters: params.parameters,
        historyLimit: params.historyLimit ?? null,
        tools,
      });
      return t('convSettings.saved');
    });
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
    >
      <div className="param-field">
        <label htmlFor="conv-system-prompt">
          {t('convSettings.systemPrompt')}{' '}
          <span className="muted">{t('convSettings.version', { n: initial.systemPromptVersion })}</span>
        </label>
        <textarea
          id="conv-system-prompt"
          rows={5}
          value={prompt}
          placeholder={assistant?.systemPrompt ?? ''}
          aria-describedby="conv-prompt-hint"
          aria-invalid={promptTooLong || undefined}
          onChange={(e) => setPrompt(e.target.value)}
        />
        <span className="hint" id="conv-prompt-hint">
          {promptTooLong
            ? t('assistantEditor.tooLong', {
                field: t('convSettings.systemPrompt'),
                max: SYSTEM_PROMPT_MAX_LENGTH,
              })
            : t('convSettings.appliesNext')}
        </span>
      </div>
      {params.fields({
        idPrefix: 'conv',
        defaults,
        supported: caps?.parameters ?? null,
        historyPlaceholder: settings?.defaultHistoryLimit ? String(settings.defaultHistoryLimit) : undefined,
      })}
      <ToolServersField
        value={tools}
        onChange={setTools}
        hint={t('chatTools.sectionHint')}
        focus={focusTools}
      />
      <FormFooter
        feedback={feedback}
        busy={busy}
        cancelLabel={t('actions.close')}
        saveLabel={t('convSettings.save')}
        onCancel={onClose}
      />
    </form>
  );
}
