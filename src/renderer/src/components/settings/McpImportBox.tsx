import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MCP_IMPORT_MAX_CHARS, type McpImportResult } from '../../../../shared/mcp.ts';
import { call } from '../../lib/api.ts';
import { SaveRow } from './SaveRow.tsx';
import { useSaver } from './useSaver.ts';

/** "Paste a JSON config": another app's `mcpServers` JSON, imported entry by entry, with what was skipped and why. */
export function McpImportBox({ onImported }: { onImported(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [skipped, setSkipped] = useState<McpImportResult['skipped']>([]);
  const [feedback, run, busy, clear] = useSaver();

  const names = (list: string[]) => (list.length ? list.join(', ') : t('mcp.import.none'));
  const importText = () =>
    void run(async () => {
      setSkipped([]);
      const problem = !text.trim()
        ? 'empty'
        : text.length > MCP_IMPORT_MAX_CHARS
          ? 'tooLong'
          : isJson(text)
            ? null
            : 'notJson';
      if (problem) return { text: t(`mcp.import.${problem}`), error: true };
      const result = await call('mcp.import', { text });
      setSkipped(result.skipped);
      if (result.added.length + result.updated.length > 0) {
        setText('');
        onImported();
      }
      return {
        text: t('mcp.import.result', {
          added: names(result.added),
          updated: names(result.updated),
          skipped: result.skipped.length,
        }),
        error: result.added.length + result.updated.length === 0,
      };
    });

  return (
    <div className="mcp-import">
      <h4>{t('mcp.import.title')}</h4>
      <p className="hint" id="mcp-import-hint">
        {t('mcp.import.hint')}
      </p>
      <label htmlFor="mcp-import-text" className="visually-hidden">
        {t('mcp.import.label')}
      </label>
      <textarea
        id="mcp-import-text"
        rows={6}
        value={text}
        spellCheck={false}
        aria-describedby="mcp-import-hint"
        placeholder={
          '{\n  "mcpServers": {\n    "everything": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"] }\n  }\n}'
        }
        onChange={(e) => {
          setText(e.target.value);
          clear();
        }}
      />
      <SaveRow label={t('mcp.import.button')} onSave={importText} busy={busy} feedback={feedback} />
      {skipped.length > 0 && (
        <ul className="mcp-skipped" aria-label={t('mcp.import.skippedLabel')}>
          {skipped.map((skip, i) => (
            <li key={i}>
              <code>{skip.name}</code>: {t(`mcp.skip.${skip.code}`, skip.params)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
