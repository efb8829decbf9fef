import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles/base.css';
import './styles/markdown.css';
import './quick/quick.css';
import { QuickPrompt } from './quick/QuickPrompt.tsx';
import { StaleTokenNotice } from './components/StaleTokenNotice.tsx';
import { warmMarkdown } from './markdown/warm.ts';

// The quick-prompt window (desktop: the global hotkey's window; browser edition: /quick.html).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StaleTokenNotice />
    <QuickPrompt />
  </StrictMode>,
);
warmMarkdown();
