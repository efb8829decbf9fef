import type { SettingsPatch, SettingsView } from '../../../shared/settings.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { Api } from '../lib/api.ts';

/** Settings as main last reported them (`settings.changed` keeps every window in step). */
export class SettingsStore {
  private settings: SettingsView | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly api: Api;

  constructor(api: Api) {
    this.api = api;
  }

  start(): () => void {
    void this.reload();
    return this.api.on('settings.changed', (view) => this.set(view));
  }

  /** Asks main again; if it cannot answer, what was shown stays. */
  async reload(): Promise<void> {
    try {
      this.set(await this.api.call('settings.get'));
    } catch {
      // Unreachable for now: the views keep what they had, and the next change event brings it.
    }
  }

  get = (): SettingsView | null => this.settings;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async update(patch: SettingsPatch): Promise<SettingsView> {
    const view = await this.api.call('settings.update', patch);
    this.set(view);
    return view;
  }

  private set(view: SettingsView): void {
    this.settings = view;
    this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** Every model a person can pick: each provider's listed models. */
export function availableModels(settings: SettingsView | null): ModelRef[] {
  if (!settings) return [];
  return settings.providers.flatMap((p) => p.models.map((model) => ({ providerId: p.id, model })));
}

const SEP = '\u0001';
/** A model as one `<option>` value, and back (null for the empty choice). */
export const modelKey = (m: ModelRef): string => `${m.providerId}${SEP}${m.model}`;
export function parseModelKey(value: string): ModelRef | null {
  const [providerId, model] = value.split(SEP);
  return providerId && model ? { providerId, model } : null;
}

/** "gpt-4o-mini · OpenAI": two providers can both have a model of that name. */
export function modelLabel(settings: SettingsView | null, ref: ModelRef): string {
  const provider = settings?.providers.find((p) => p.id === ref.providerId);
  return `${ref.model} · ${provider?.name ?? ref.providerId}`;
}

export function sameModel(a: ModelRef | null | undefined, b: ModelRef | null | undefined): boolean {
  return !!a && !!b && a.providerId === b.providerId && a.model === b.model;
}
