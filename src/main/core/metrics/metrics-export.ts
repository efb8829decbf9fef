import type { NoticeText } from '../../../shared/settings.ts';
import type { MetricsExportSettings } from '../../../shared/usage.ts';
import { startMetricsServer } from './metrics-server.ts';
import type { MetricsServer, RecordFeed } from './metrics-server.ts';
import type { RequestMetrics } from './request-metrics.ts';
import { statsdSink } from './statsd.ts';

/**
 * The desktop app's and the browser-edition host's exports, as Settings has them: the OpenMetrics
 * endpoint started, moved or stopped when its setting changes, and each request pushed to StatsD
 * while that is on. A port that cannot be had is said in plain words; nothing else stops.
 */
export class MetricsExport {
  readonly #feed: RecordFeed;
  readonly #notice: (notice: NoticeText) => void;
  #server: MetricsServer | null = null;
  #serverPort: number | null = null;
  #statsd: ReturnType<typeof statsdSink> | null = null;
  #statsdKey = '';
  #prefix = 'parley';
  /** Settings are applied one change at a time, in order. */
  #applying: Promise<void> = Promise.resolve();

  constructor(options: { feed: RecordFeed; notice: (notice: NoticeText) => void }) {
    this.#feed = options.feed;
    this.#notice = options.notice;
  }

  apply(settings: MetricsExportSettings): Promise<void> {
    this.#applying = this.#applying.then(() => this.#apply(settings));
    return this.#applying;
  }

  /** A request's record, pushed to StatsD if that is on. */
  push(record: RequestMetrics): void {
    this.#statsd?.(record);
  }

  /** The endpoint's address while it serves. */
  get url(): string | null {
    return this.#server?.url ?? null;
  }

  async close(): Promise<void> {
    await this.apply({
      openMetrics: { enabled: false, port: this.#serverPort ?? 9464 },
      statsd: { enabled: false, host: '127.0.0.1', port: 8125, prefix: this.#prefix },
    });
  }

  async #apply({ openMetrics, statsd }: MetricsExportSettings): Promise<void> {
    const wanted = openMetrics.enabled ? openMetrics.port : null;
    if (wanted !== this.#serverPort) {
      await this.#server?.close();
      this.#server = null;
      this.#serverPort = null;
      if (wanted !== null) {
        try {
          this.#server = await startMetricsServer({ port: wanted, feed: this.#feed });
          this.#serverPort = wanted;
        } catch {
          this.#notice({
            message: `The metrics endpoint could not use port ${wanted} (another program may be using it). Choose another port in Settings.`,
            messageZh: `指标端点无法使用端口 ${wanted}（可能被其他程序占用）。请在设置中换一个端口。`,
          });
        }
      }
    }
    // A new sink only when where or how it pushes changed (not on every other setting's change).
    const key = statsd.enabled ? `${statsd.host}:${statsd.port}/${statsd.prefix}` : '';
    this.#prefix = statsd.prefix;
    if (key !== this.#statsdKey) {
      this.#statsd?.close();
      this.#statsd = statsd.enabled ? statsdSink(statsd) : null;
      this.#statsdKey = key;
    }
  }
}
