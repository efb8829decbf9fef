import type { Handlers } from '../rpc/bind-contract.ts';
import type { AssistantStore } from '../assistants/assistant-store.ts';
import { exportAssistants, importAssistants } from '../assistants/assistant-transfer.ts';
import type { Broadcaster } from './broadcaster.ts';

type AssistantHandlers = Pick<Handlers, Extract<keyof Handlers, `assistants.${string}`>>;

/** The assistant library through the contract; every change is announced to every window. */
export function assistantHandlers(deps: {
  assistants: AssistantStore;
  broadcaster: Broadcaster;
}): AssistantHandlers {
  const { assistants, broadcaster } = deps;
  const changed = <T>(result: T): T => {
    broadcaster.emit('assistants.changed', assistants.list());
    return result;
  };
  return {
    'assistants.list': () => assistants.list(),
    'assistants.save': (input) => changed(assistants.save(input)),
    'assistants.remove': ({ id }) => changed({ removed: assistants.remove(id) }),
    'assistants.setHidden': ({ id, hidden }) => changed(assistants.setHidden(id, hidden)),
    'assistants.export': () => exportAssistants(assistants),
    'assistants.import': ({ content }) => changed(importAssistants(assistants, content)),
  };
}
