import type { HostHandlers } from '../main/core/handlers/index.ts';
import { mainPageAddress } from '../shared/address.ts';

/**
 * The quick page's requests in the browser edition: a tab has no window to hide, and "Open in
 * Parley" is the page going to the main page's address for the conversation. The browser
 * edition never updates itself (it runs from the checkout).
 */
export const browserQuickHandlers: HostHandlers = {
  'app.hideQuick': () => ({ hidden: false }),
  'app.openInMain': ({ conversationId }) => ({
    navigateTo: mainPageAddress({ kind: 'open', conversationId }),
  }),
  'app.updateStatus': () => ({ state: 'unsupported' }),
  'app.restartToUpdate': () => ({ restarting: false }),
};
