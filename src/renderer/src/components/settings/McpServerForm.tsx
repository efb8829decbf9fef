import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../lib/api.ts';
import { SaveRow } from './SaveRow.tsx';
import { checkDraft, emptyDraft, type McpDraft, type McpField } from './mcp-form.ts';
import { useSaver } from './useSaver.ts';

/**
 * "Add a server": a name, then a command and its arguments (started directly, never through a
 * shell) or an HTTP address; environment variables (or headers) whose values go to the keychain.
 */
export function McpServerForm({ onSaved }: { onSaved(): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<McpDraft>(emptyDraft);
  const [problems, setProblems] = useState<Set<McpField>>(new Set());
  const [feedback, run, busy, clear] = useSaver();
  const edit = (patch: Partial<McpDraft>) => {
    setDraft({ ...draft, ...patch });
    setProblems(new Set());
    clear();
  };
  const editRow = (index: number, patch: Partial<McpDraft['vars'][number]>) =>
    edit({ vars: draft.vars.map((row, i) => (i === index ? { ...row, ...patch } : row)) });

  const save = () => {
    const checked = checkDraft(draft);
    if (!checked.ok) {
      setProblems(checked.problems);
      return;
    }
    void run(async () => {
      const { added, server } = await call('mcp.save', checked.input);
      setDraft(emptyDraft);
      onSaved();
      return t(added ? 'mcp.add.added' : 'mcp.add.updated', { name: server.config.name });
    });
  };

  const field = (key: McpField, label: string, input: ReactNode, hint?: string) => (
    <>
      <label htmlFor={`mcp-add-${key}`}>{label}</label>
      <div>
        {input}
        {problems.has(key) ? (
          <p id={`mcp-add-${key}-problem`} className="field-problem" role="alert">
            {t(`mcp.problems.${key}`)}
          </p>
        ) : (
          hint && (
            <p id={`mcp-add-${key}-hint`} className="hint">
              {hint}
            </p>
          )
        )}
      </div>
    </>
  );
  const text = (key: 'name' | 'command' | 'args' | 'url', placeholder: string, hint: boolean) => (
    <input
      id={`mcp-add-${key}`}
      value={draft[key]}
      placeholder={placeholder}
      spellCheck={false}
      autoComplete="off"
      aria-invalid={problems.has(key)}
      aria-describedby={
        problems.has(key) ? `mcp-add-${key}-problem` : hint ? `mcp-add-${key}-hint` : undefined
      }
      onChange={(e) => edit({ [key]: e.target.value })}
    />
  );
  const http = draft.transport === 'http';

  return (
    <div className="mcp-add">
      <h4>{t('mcp.add.title')}</h4>
      <div className="field-grid">
        {field('name', t('mcp.add.name'), text('name', 'everything', true), t('mcp.add.nameHint'))}
        <span className="field-label" id="mcp-add-kind">
          {t('mcp.add.kind')}
        </span>
        <div role="radiogroup" aria-labelledby="mcp-add-kind" className="checks">
          {(['stdio', 'http'] as const).map((kind) => (
            <label key={kind}>
              <input
                type="radio"
                name="mcp-add-transport"
                checked={draft.transport === kind}
                onChange={() => edit({ transport: kind })}
              />
              {t(`mcp.add.${kind}`)}
            </label>
          ))}
        </div>
        {http ? (
          field('url', t('mcp.add.url'), text('url', 'https://example.com/mcp', false))
        ) : (
          <>
            {field('command', t('mcp.add.command'), text('command', 'npx', true), t('mcp.add.commandHint'))}
            {field(
              'args',
              t('mcp.add.args'),
              text('args', '-y @modelcontextprotocol/server-everything', true),
              t('mcp.add.argsHint'),
            )}
          </>
        )}
        <span className="field-label">{t(http ? 'mcp.add.headers' : 'mcp.add.env')}</span>
        <div className="mcp-vars">
          {draft.vars.map((row, index) => (
            <div key={index} className="inline-row">
              <input
                aria-label={t('mcp.add.varName', { n: index + 1 })}
                value={row.name}
                placeholder={http ? 'Authorization' : 'API_KEY'}
                spellCheck={false}
                autoComplete="off"
                maxLength={128}
                aria-invalid={problems.has('vars')}
                onChange={(e) => editRow(index, { name: e.target.value })}
              />
              <input
                aria-label={t('mcp.add.varValue', { n: index + 1 })}
                type="password"
                value={row.value}
                autoComplete="off"
                maxLength={16_000}
                onChange={(e) => editRow(index, { value: e.target.value })}
              />
              <button
                type="button"
                className="ghost small"
                aria-label={t('mcp.add.removeVar', { n: index + 1 })}
                onClick={() => edit({ vars: draft.vars.filter((_, i) => i !== index) })}
              >
                ×
              </button>
            </div>
          ))}
          <button
            type="button"
            className="ghost small"
            disabled={draft.vars.length >= 20}
            onClick={() => edit({ vars: [...draft.vars, { name: '', value: '' }] })}
          >
            {t(http ? 'mcp.add.addHeader' : 'mcp.add.addVar')}
          </button>
          {problems.has('vars') && (
            <p className="field-problem" role="alert">
              {t('mcp.problems.vars')}
            </p>
          )}
          <p className="hint">{t('mcp.add.secretHint')}</p>
        </div>
      </div>
      <SaveRow label={t('mcp.add.save')} onSave={save} busy={busy} feedback={feedback} />
    </div>
  );
}
