import { useEffect, useState } from 'react';
import type { ModelCapabilityView } from '../../../shared/assistants.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import { call, on } from './api.ts';

// Asked once per model; a settings change (a person's correction of the table) asks again.
const cache = new Map<string, Promise<ModelCapabilityView | null>>();
on('settings.changed', () => cache.clear());

function capabilitiesOf(model: ModelRef): Promise<ModelCapabilityView | null> {
  const key = `${model.providerId}\u0001${model.model}`;
  let known = cache.get(key);
  if (!known) {
    known = call('models.capabilities', model).catch(() => {
      cache.delete(key);
      return null;
    });
    cache.set(key, known);
  }
  return known;
}

/** What `model` takes (parameters, context window), or null while unknown: then every field shows. */
export function useCapabilities(model: ModelRef | null): ModelCapabilityView | null {
  const [view, setView] = useState<{ key: string; caps: ModelCapabilityView | null } | null>(null);
  const key = model ? `${model.providerId}\u0001${model.model}` : '';
  useEffect(() => {
    if (!model) return;
    let current = true;
    void capabilitiesOf(model).then((caps) => current && setView({ key, caps }));
    return () => {
      current = false;
    };
    // The key names the model; the object may be new on each render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return view && view.key === key ? view.caps : null;
}
