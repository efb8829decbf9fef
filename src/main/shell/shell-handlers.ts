import type { HostHandlers } from '../core/handlers/index.ts';
import type { UpdateService } from '../core/updates/update-service.ts';
import type { Shell } from './shell.ts';

/**
 * The desktop shell's answers to the quick page's requests: hide the quick window (focus back to
 * the app that had it), and show a conversation in the main window (which hears `app.navigate`).
 * `shell` is null only before the windows exist, when no page can ask. `updates` is null where
 * the app does not update itself (run from a checkout).
 */
export function shellHandlers(
  shell: () => Pick<Shell, 'quick' | 'openInMain'> | null,
  updates: () => Pick<UpdateService, 'status' | 'restart'> | null = () => null,
): HostHandlers {
  return {
    'app.hideQuick': () => ({ hidden: shell()?.quick.hide() ?? false }),
    'app.openInMain': ({ conversationId }) => {
      shell()?.openInMain(conversationId);
      return { navigateTo: null };
    },
    'app.updateStatus': () => updates()?.status ?? { state: 'unsupported' },
    'app.restartToUpdate': () => ({ restarting: updates()?.restart() ?? false }),
  };
}
