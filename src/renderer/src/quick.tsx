import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './i18n/index.ts';
import './styles.css';
import { ChatView } from './components/ChatView.tsx';

// The quick-prompt window; its own issue gives it its compact layout.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ChatView />
  </StrictMode>,
);
