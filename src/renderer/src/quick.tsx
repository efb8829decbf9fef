import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles.css';
import './quick/quick.css';
import { dropStaleIntent } from './quick/intents.ts';
import { QuickPrompt } from './quick/QuickPrompt.tsx';

// The quick-prompt window (desktop: the global hotkey's window; browser edition: /quick.html).
dropStaleIntent(window.location, window.history);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QuickPrompt />
  </StrictMode>,
);
