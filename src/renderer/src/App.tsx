import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { edition } from './lib/api.ts';
import { ChatView } from './components/ChatView.tsx';
import { SettingsForm } from './components/SettingsForm.tsx';

export function App() {
  const { t } = useTranslation();
  const [settingsOpen, setSettingsOpen] = useState(false);
  if (edition === 'unauthenticated') {
    return <p className="notice error">{t('errors.unauthenticated')}</p>;
  }
  return (
    <div className="app">
      <header className="titlebar">
        <h1>{t('app.name')}</h1>
        <button type="button" onClick={() => setSettingsOpen((open) => !open)}>
          {t('settings.open')}
        </button>
      </header>
      {settingsOpen && <SettingsForm onClose={() => setSettingsOpen(false)} />}
      <ChatView />
    </div>
  );
}
