import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationSettings, ModelParameters, ParameterName } from '../../../../shared/assistants.ts';
import { SYSTEM_PROMPT_MAX_LENGTH } from '../../../../shared/assistants.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import { errorText } from '../../lib/errors.ts';
import { useCapabilities } from '../../lib/use-capabilities.ts';
import {
  conversationSettingsStore,
  useAssistants,
  useConversationSettings,
  useSettings,
} from '../../state/app-state.ts';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { Modal } from '../Modal.tsx';
import { HistoryLimitField, ParameterFields } from '../assistants/ParameterFields.tsx';
import type { ParamForm } from '../assistants/param-form.ts';
import { fromForm, historyLimitText, parseHistoryLimit, toForm } from '../assistants/param-form.ts';

/**
 * A conversation's own settings: its system prompt (an edit applies to the next request), the
 * parameters its model takes, and how many earlier messages are sent. Empty fields show their
 * defaults: the assistant's, else Settings'.
 */
export function ConversationSettingsDialog({
  conversationId,
  model,
  onClose,
}: {
  conversationId: string;
  model: ModelRef | null;
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
  onClose,
}: {
  conversationId: string;
  model: ModelRef | null;
  initial: ConversationSettings;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const settings = useSettings();
  const assistant = useAssistants()?.find((a) => a.id === initial.assistantId) ?? null;
  const caps = useCapabilities(model ?? settings?.defaultModel ?? null);
  const [prompt, setPrompt] = useState(initial.systemPrompt);
  const [form, setForm] = useState<ParamForm>(() => toForm(initial.parameters));
  const [history, setHistory] = useState(historyLimitText(initial.historyLimit));
  const [tried, setTried] = useState(false);
  const [feedback, setFeedback] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const defaults: ModelParameters = {
    ...(settings?.defaultParameters ?? {}),
    ...(assistant?.parameters ?? {}),
  };
  const { parameters, problems } = fromForm(form);
  const historyLimit = parseHistoryLimit(history);
  const promptTooLong = prompt.length > SYSTEM_PROMPT_MAX_LENGTH;
  const invalid = promptTooLong || Object.keys(problems).length > 0 || historyLimit === undefined;

  const save = async () => {
    setTried(true);
    if (invalid || busy) return;
    setBusy(true);
    setFeedback(null);
    try {
      await conversationSettingsStore.update(conversationId, {
        systemPrompt: prompt,
        parameters,
        historyLimit: historyLimit ?? null,
      });
      setFeedback({ text: t('convSettings.saved'), error: false });
    } catch (error) {
      setFeedback({ text: t('convSettings.failed', { message: errorText(error) }), error: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="param-field">
        <label htmlFor="conv-system-prompt">
          {t('convSettings.systemPrompt')}{' '}
          <span className="muted">{t('convSettings.version', { n: initial.systemPromptVersion })}</span>
        </label>
        <textarea
          id="conv-system-prompt"
          rows={6}
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
      <ParameterFields
        idPrefix="conv-param"
        form={form}
        defaults={defaults}
        supported={caps?.parameters ?? null}
        problems={tried ? problems : {}}
        onChange={(name: ParameterName, value: string) => setForm((f) => ({ ...f, [name]: value }))}
      />
      <HistoryLimitField
        id="conv-history"
        value={history}
        placeholder={settings?.defaultHistoryLimit ? String(settings.defaultHistoryLimit) : undefined}
        invalid={tried && historyLimit === undefined}
        onChange={setHistory}
      />
      {feedback && (
        <p
          className={feedback.error ? 'feedback error' : 'feedback ok'}
          role={feedback.error ? 'alert' : 'status'}
        >
          {feedback.text}
        </p>
      )}
      <div className="form-actions">
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          {t('actions.close')}
        </button>
        <button type="submit" className="primary" disabled={busy}>
          {t('convSettings.save')}
        </button>
      </div>
    </form>
  );
}
