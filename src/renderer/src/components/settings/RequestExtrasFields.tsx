import { useTranslation } from 'react-i18next';
import { extraBodyProblem, headerProblems, type ProviderHeader } from '../../../../shared/request-extras.ts';

/**
 * A provider's custom request headers (a secret one's value goes to the keychain on Save and is
 * never shown again) and its extra request-body JSON, each checked as typed.
 */
export function RequestExtrasFields({
  headers,
  setHeaders,
  saved,
  extraBody,
  setExtraBody,
  checked,
}: {
  headers: ProviderHeader[];
  setHeaders(headers: ProviderHeader[]): void;
  /** Lower-case names of the secret headers whose value is saved. */
  saved: ReadonlySet<string>;
  extraBody: string;
  setExtraBody(text: string): void;
  checked: boolean;
}) {
  const { t } = useTranslation();
  const problems = headerProblems(headers);
  const bodyProblem = extraBodyProblem(extraBody);
  const change = (index: number, patch: Partial<ProviderHeader>) =>
    setHeaders(headers.map((header, i) => (i === index ? { ...header, ...patch } : header)));
  return (
    <>
      <span className="field-label">{t('providerExtras.headers')}</span>
      <div className="request-headers">
        {headers.map((header, index) => {
          const problem = problems[index];
          const keptSecret = header.secret && !header.value && saved.has(header.name.trim().toLowerCase());
          return (
            <div key={index} className="header-row">
              <div className="inline-row">
                <input
                  aria-label={t('providerExtras.headerName', { n: index + 1 })}
                  value={header.name}
                  placeholder="OpenAI-Version"
                  spellCheck={false}
                  maxLength={100}
                  aria-invalid={checked && !!problem}
                  onChange={(e) => change(index, { name: e.target.value })}
                />
                <input
                  aria-label={t('providerExtras.headerValue', { n: index + 1 })}
                  type={header.secret ? 'password' : 'text'}
                  autoComplete="off"
                  value={header.value}
                  placeholder={keptSecret ? t('providerExtras.secretSaved') : ''}
                  spellCheck={false}
                  maxLength={4000}
                  onChange={(e) => change(index, { value: e.target.value })}
                />
                <label className="check">
                  <input
                    type="checkbox"
                    checked={header.secret}
                    onChange={(e) => change(index, { secret: e.target.checked })}
                  />
                  {t('providerExtras.secret')}
                </label>
                <button
                  type="button"
                  className="ghost small"
                  aria-label={t('providerExtras.removeHeader', { n: index + 1 })}
                  onClick={() => setHeaders(headers.filter((_, i) => i !== index))}
                >
                  ×
                </button>
              </div>
              {checked && problem && (
                <p className="field-problem" role="alert">
                  {t(`providerExtras.problems.${problem}`)}
                </p>
              )}
            </div>
          );
        })}
        <button
          type="button"
          className="ghost small"
          disabled={headers.length >= 20}
          onClick={() => setHeaders([...headers, { name: '', value: '', secret: false }])}
        >
          {t('providerExtras.addHeader')}
        </button>
        <p className="hint">{t('providerExtras.headersHint')}</p>
      </div>

      <label htmlFor="pv-extra-body">{t('providerExtras.extraBody')}</label>
      <div>
        <textarea
          id="pv-extra-body"
          rows={3}
          value={extraBody}
          spellCheck={false}
          placeholder='{"enable_thinking": false}'
          aria-invalid={!!bodyProblem}
          aria-describedby={bodyProblem ? 'pv-extra-body-problem' : 'pv-extra-body-hint'}
          onChange={(e) => setExtraBody(e.target.value)}
        />
        {bodyProblem ? (
          <p id="pv-extra-body-problem" className="field-problem" role="alert">
            {t(`providerExtras.problems.${bodyProblem}`)}
          </p>
        ) : (
          <p id="pv-extra-body-hint" className="hint">
            {t('providerExtras.extraBodyHint')}
          </p>
        )}
      </div>
    </>
  );
}

/** The rows worth saving: those with a name (an empty row is just not saved). */
export function headersToSave(headers: ProviderHeader[]): ProviderHeader[] | undefined {
  const kept = headers
    .filter((header) => header.name.trim())
    .map((header) => ({ ...header, name: header.name.trim() }));
  return kept.length ? kept : undefined;
}

/** Whether the extras can be saved as they are. */
export function extrasProblem(headers: ProviderHeader[], extraBody: string): boolean {
  return (
    headerProblems(headers.filter((header) => header.name.trim())).some(Boolean) ||
    !!extraBodyProblem(extraBody)
  );
}
