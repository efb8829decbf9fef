import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Assistant } from '../../../../shared/assistants.ts';
import { call } from '../../lib/api.ts';
import { downloadText } from '../../lib/download.ts';
import { errorText } from '../../lib/error-text.ts';
import { assistantText } from '../../state/assistants-store.ts';
import { useAssistants } from '../../state/app-state.ts';
import type { ConfirmRequest } from '../ConfirmDialog.tsx';
import { ConfirmDialog } from '../ConfirmDialog.tsx';
import { DialogCloseButton } from '../DialogCloseButton.tsx';
import { DownloadIcon, EditIcon, UploadIcon } from '../icons.tsx';
import { Modal } from '../Modal.tsx';
import { FeedbackLine } from '../settings/Feedback.tsx';
import type { Feedback } from '../settings/useSaver.ts';
import type { EditorSeed } from './AssistantEditor.tsx';
import { AssistantEditor } from './AssistantEditor.tsx';

const blank: EditorSeed = {
  name: '',
  emoji: '🤖',
  description: '',
  systemPrompt: '',
  model: null,
  parameters: {},
  moderation: false,
  historyLimit: null,
  tools: [],
};

/** The assistant library: every assistant as a card; create, edit, duplicate, delete or hide, import and export. */
export function AssistantLibrary({
  onClose,
  onStartChat,
}: {
  onClose(): void;
  onStartChat(a: Assistant): void;
}) {
  const { t, i18n } = useTranslation();
  const assistants = useAssistants();
  const [showHidden, setShowHidden] = useState(false);
  const [editing, setEditing] = useState<EditorSeed | null>(null);
  const [confirm, setConfirm] = useState<{ request: ConfirmRequest; run(): void } | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const file = useRef<HTMLInputElement>(null);

  const attempt = (run: () => Promise<string | null>) => {
    setFeedback(null);
    run().then(
      (text) => text && setFeedback({ text, error: false }),
      (error: unknown) =>
        setFeedback({ text: t('assistants.failed', { message: errorText(error) }), error: true }),
    );
  };

  const exportAll = () =>
    attempt(async () => {
      const out = await call('assistants.export', {});
      downloadText(out.fileName, out.mimeType, out.content);
      return t('assistants.exported', { fileName: out.fileName });
    });

  const importFile = (chosen: File) => {
    setFeedback(null);
    chosen
      .text()
      .then((content) => call('assistants.import', { content }))
      .then(
        (result) =>
          setFeedback({
            text: [
              t('assistants.imported', { count: result.added + result.updated }),
              result.skipped ? t('assistants.importSkipped', { count: result.skipped }) : '',
            ].join(' '),
            error: false,
          }),
        (error: unknown) =>
          setFeedback({ text: t('assistants.importFailed', { message: errorText(error) }), error: true }),
      );
  };

  const askRemove = (a: Assistant, name: string) =>
    setConfirm({
      request: {
        title: t('assistants.removeTitle', { name }),
        body: t('assistants.removeBody'),
        confirmLabel: t('assistants.remove'),
        danger: true,
      },
      run: () => attempt(async () => (await call('assistants.remove', { id: a.id }), null)),
    });

  const shown = (assistants ?? []).filter((a) => showHidden || !a.hidden);
  return (
    <Modal className="assistant-library" labelledBy="assistants-title" onClose={onClose}>
      <DialogCloseButton label={t('assistants.close')} onClose={onClose} />
      <h2 id="assistants-title">{t('assistants.title')}</h2>
      <p className="hint">{t('assistants.hint')}</p>
      <div className="library-toolbar">
        <button type="button" className="primary" onClick={() => setEditing(blank)}>
          <EditIcon size={15} /> {t('assistants.create')}
        </button>
        <button type="button" onClick={() => file.current?.click()}>
          <UploadIcon size={15} /> {t('assistants.import')}
        </button>
        <button type="button" onClick={exportAll}>
          <DownloadIcon size={15} /> {t('assistants.export')}
        </button>
        <input
          ref={file}
          type="file"
          accept=".json,application/json"
          hidden
          data-testid="assistants-import-file"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            e.target.value = '';
            if (chosen) importFile(chosen);
          }}
        />
        <span className="spacer" />
        <label className="check">
          <input type="checkbox" checked={showHidden} onChange={(e) => setShowHidden(e.target.checked)} />
          {t('assistants.showHidden')}
        </label>
      </div>
      <FeedbackLine feedback={feedback} />
      {assistants === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="muted">{t('assistants.empty')}</p>
      ) : (
        <ul className="assistant-grid" aria-label={t('assistants.list')}>
          {shown.map((a) => {
            const { name, description } = assistantText(a, i18n.language);
            return (
              <li
                key={a.id}
                className={a.hidden ? 'assistant-card hidden' : 'assistant-card'}
                aria-label={name}
              >
                <div className="card-head">
                  <span className="assistant-emoji" aria-hidden="true">
                    {a.emoji}
                  </span>
                  <span className="assistant-name">{name}</span>
                  {a.builtIn && <span className="badge">{t('assistants.builtIn')}</span>}
                  {a.hidden && <span className="badge">{t('assistants.hiddenBadge')}</span>}
                </div>
                <p className="assistant-description">{description}</p>
                <div className="card-actions">
                  <button
                    type="button"
                    className="primary"
                    aria-label={t('assistants.startChatLabel', { name })}
                    onClick={() => onStartChat(a)}
                  >
                    {t('assistants.startChat')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('assistants.editLabel', { name })}
                    onClick={() => setEditing({ ...a, name, description })}
                  >
                    {t('assistants.edit')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('assistants.duplicateLabel', { name })}
                    onClick={() =>
                      setEditing({
                        ...a,
                        id: undefined,
                        name: t('assistants.copyName', { name }),
                        description,
                      })
                    }
                  >
                    {t('assistants.duplicate')}
                  </button>
                  {a.builtIn ? (
                    <button
                      type="button"
                      aria-label={t(a.hidden ? 'assistants.showLabel' : 'assistants.hideLabel', { name })}
                      onClick={() =>
                        attempt(
                          async () => (
                            await call('assistants.setHidden', { id: a.id, hidden: !a.hidden }),
                            null
                          ),
                        )
                      }
                    >
                      {t(a.hidden ? 'assistants.show' : 'assistants.hide')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('assistants.removeLabel', { name })}
                      onClick={() => askRemove(a, name)}
                    >
                      {t('assistants.remove')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {editing && (
        <AssistantEditor
          seed={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            setFeedback({ text: t('assistantEditor.saved', { name: saved.name }), error: false });
          }}
        />
      )}
      {confirm && (
        <ConfirmDialog
          request={confirm.request}
          onAnswer={(yes) => {
            setConfirm(null);
            if (yes) confirm.run();
          }}
        />
      )}
    </Modal>
  );
}
