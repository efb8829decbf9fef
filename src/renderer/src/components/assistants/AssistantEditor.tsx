import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assistant, AssistantInput } from '../../../../shared/assistants.ts';
import { SYSTEM_PROMPT_MAX_LENGTH } from '../../../../shared/assistants.ts';
import type { ModelRef } from '../../../../shared/providers.ts';
import { call } from '../../lib/api.ts';
import { useCapabilities } from '../../lib/use-capabilities.ts';
import { useSettings } from '../../state/app-state.ts';
import { ModelPicker } from '../chat/ModelPicker.tsx';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { Modal } from '../Modal.tsx';
import { useSaver } from '../settings/useSaver.ts';
import { FormFooter } from './FormFooter.tsx';
import { useParamSection } from './use-param-form.tsx';
import { ToolServersField } from '../chat/tools/ToolServersField.tsx';

/** What the editor starts from: an assistant to edit (with its id), or a new one (perhaps a copy). */
export type EditorSeed = Omit<Assistant, 'id' | 'builtIn' | 'hidden' | 'createdAt' | 'updatedAt'> & {
  id?: string;
};

type TextField = 'name' | 'emoji' | 'description' | 'systemPrompt';
const LIMITS: Record<TextField, number> = {
  name: 80,
  emoji: 16,
  description: 300,
  systemPrompt: SYSTEM_PROMPT_MAX_LENGTH,
};

/**
 * Create or edit an assistant: its name, emoji, description, instructions, model, whether its chats
 * are moderated, the MCP servers whose tools they may call, parameters and history limit.
 */
export function AssistantEditor({
  seed,
  onClose,
  onSaved,
}: {
  seed: EditorSeed;
  onClose(): void;
  onSaved(assistant: Assistant): void;
}) {
  const { t } = useTranslation();
  const settings = useSettings();
  const [text, setText] = useState<Record<TextField, string>>({
    name: seed.name,
    emoji: seed.emoji,
    description: seed.description,
    systemPrompt: seed.systemPrompt,
  });
  const [model, setModel] = useState<ModelRef | null>(seed.model);
  const [moderation, setModeration] = useState(seed.moderation);
  const [tools, setTools] = useState(seed.tools);
  const params = useParamSection(seed.parameters, seed.historyLimit);
  const [tried, setTried] = useState(false);
  const [feedback, run, busy] = useSaver();
  const caps = useCapabilities(model ?? settings?.defaultModel ?? null);

  const label: Record<TextField, string> = {
    name: t('assistantEditor.name'),
    emoji: t('assistantEditor.emoji'),
    description: t('assistantEditor.description'),
    systemPrompt: t('assistantEditor.systemPrompt'),
  };
  const textProblem = (field: TextField): string | null => {
    const value = field === 'name' || field === 'emoji' ? text[field].trim() : text[field];
    if (field === 'name' && !value) return t('assistantEditor.nameRequired');
    if (field === 'emoji' && !value) return t('assistantEditor.emojiRequired');
    if (value.length > LIMITS[field])
      return t('assistantEditor.tooLong', { field: label[field], max: LIMITS[field] });
    return null;
  };
  const fields: TextField[] = ['name', 'emoji', 'description', 'systemPrompt'];
  const invalid = fields.some((f) => textProblem(f) !== null) || params.invalid;

  const save = async () => {
    setTried(true);
    params.show();
    if (invalid || busy) return;
    const input: AssistantInput = {
      ...(seed.id ? { id: seed.id } : {}),
      name: text.name.trim(),
      emoji: text.emoji.trim(),
      description: text.description,
      systemPrompt: text.systemPrompt,
      model,
      parameters: params.parameters,
      historyLimit: params.historyLimit ?? null,
      moderation,
      tools,
    };
    await run(async () => (onSaved(await call('assistants.save', input)), null));
  };

  const title = seed.id
    ? t('assistantEditor.editTitle', { name: seed.name })
    : t('assistantEditor.createTitle');
  const textControl = (field: TextField) => {
    const problem = tried ? textProblem(field) : null;
    const props = {
      id: `assistant-${field}`,
      value: text[field],
      'aria-invalid': problem ? true : undefined,
      'aria-describedby': problem ? `assistant-${field}-problem` : undefined,
      onChange: (e: { target: { value: string } }) => setText((s) => ({ ...s, [field]: e.target.value })),
    };
    return (
      <div className={`param-field field-${field}`}>
        <label htmlFor={props.id}>{label[field]}</label>
        {field === 'systemPrompt' ? (
          <textarea
            {...props}
            rows={5}
            aria-describedby={props['aria-describedby'] ?? 'assistant-prompt-hint'}
          />
        ) : (
          <input {...props} type="text" />
        )}
        {field === 'systemPrompt' && !problem && (
          <span className="hint" id="assistant-prompt-hint">
            {t('assistantEditor.systemPromptHint')}
          </span>
        )}
        {problem && (
          <span className="field-problem" id={`assistant-${field}-problem`} role="alert">
            {problem}
          </span>
        )}
      </div>
    );
  };

  return (
    <Modal
      className="assistant-editor"
      labelledBy="assistant-editor-title"
      initialFocus="#assistant-name"
      onClose={onClose}
    >
      <DialogCloseButton label={t('assistantEditor.close')} onClose={onClose} />
      <h2 id="assistant-editor-title">{title}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        noValidate
      >
        <div className="editor-identity">
          {textControl('emoji')}
          {textControl('name')}
        </div>
        {textControl('description')}
        {textControl('systemPrompt')}
        <div className="param-field">
          <span className="field-label">{t('assistantEditor.model')}</span>
          <ModelPicker settings={settings} value={model} onChange={setModel} />
        </div>
        <label className="param-check">
          <input type="checkbox" checked={moderation} onChange={(e) => setModeration(e.target.checked)} />
          <span>
            {t('filters.assistant.moderation')}
            <span className="hint">{t('filters.assistant.moderationHint')}</span>
          </span>
        </label>
        <ToolServersField value={tools} onChange={setTools} hint={t('chatTools.assistantHint')} />
        {params.fields({
          idPrefix: 'assistant',
          defaults: settings?.defaultParameters ?? {},
          supported: caps?.parameters ?? null,
        })}
        <FormFooter
          feedback={feedback}
          busy={busy}
          cancelLabel={t('assistantEditor.cancel')}
          saveLabel={t('assistantEditor.save')}
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
