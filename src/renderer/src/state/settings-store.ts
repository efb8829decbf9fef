import type { SettingsPatch, SettingsView } from '../../../shared/settings.ts';
import type { ModelRef } from '../../../shared/providers.ts';
import type { Api } from '../lib/api.ts';

/** Settings as main last reported them (`settings.changed` keeps every window in step). */
export class SettingsStore {
  private settings: SettingsView | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly api: Api;
  private loadError: string | null = null;

  constructor(api: Api) {
    this.api = api;
  }

  start(): () => void {
    void this.reload();
    return this.api.on('settings.changed', (view) => this.set(view));
  }

  async reload(): Promise<void> {
    try {
      this.set(await this.api.call('settings.get'));
      this.loadError = null;
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
      this.emit();
    }
  }

  get = (): SettingsView | null => this.settings;
  getError = (): string | null => this.loadError;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  async update(patch: SettingsPatch): Promise<SettingsView> {
    const view = await this.api.call('settings.update', patch);
    this.set(view);
    return view;
  }

  set(view: SettingsView): void {
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

export function sameModel(a: ModelRef | null | undefined, b: ModelRef | null | undefined): boolean {
  return !!a && !!b && a.providerId === b.providerId && a.model === b.model;
}
