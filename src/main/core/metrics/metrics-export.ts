import type { NoticeText } from '../../../shared/settings.ts';
import type { MetricsExportSettings } from '../../../shared/usage.ts';
import { startMetricsServer } from './metrics-server.ts';
import type { MetricsServer, RecordFeed } from './metrics-server.ts';
import type { RequestMetrics } from './request-metrics.ts';
import { statsdSink } from './statsd.ts';

/**
 * The desktop app's and the browser-edition host's exports, as Settings has them: the OpenMetrics
 * endpoint started, moved or stopped when its setting or its bearer token (read from the keychain,
 * never from settings) changes, and each request pushed to StatsD while that is on. A port that
 * cannot be had is said in plain words; nothing else stops.
 */
export class MetricsExport {
  readonly #feed: RecordFeed;
  readonly #notice: (notice: NoticeText) => void;
  readonly #token: () => Promise<string | null>;
  #server: MetricsServer | null = null;
  #serverPort: number | null = null;
  #serverToken: string | null = null;
  #last: MetricsExportSettings | null = null;
  #tokenUnread = false;
  #statsd: ReturnType<typeof statsdSink> | null = null;
  #statsdKey = '';
  #prefix = 'parley';
  /** Settings are applied one change at a time, in order. */
  #applying: Promise<void> = Promise.resolve();

  constructor(options: {
    feed: RecordFeed;
    notice: (notice: NoticeText) => void;
    /** The endpoint's bearer token (metrics-token.ts); null: none asked for. */
    token?: () => Promise<string | null>;
  }) {
    this.#feed = options.feed;
    this.#notice = options.notice;
    this.#token = options.token ?? (async () => null);
  }

  apply(settings: MetricsExportSettings): Promise<void> {
    this.#applying = this.#applying.then(() => this.#apply(settings));
    return this.#applying;
  }

  /** After the bearer token was set or removed: the endpoint, if on, starts again asking for the new one. */
  tokenChanged(): Promise<void> {
    return this.#last ? this.apply(this.#last) : Promise.resolve();
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

  async #apply(settings: MetricsExportSettings): Promise<void> {
    this.#last = settings;
    const { openMetrics, statsd } = settings;
    const wanted = openMetrics.enabled ? openMetrics.port : null;
    const token = wanted === null ? null : await this.#readToken();
    if (token === undefined) {
      await this.#stopServer();
      // Said once; the next change of settings or token tries again.
      if (!this.#tokenUnread)
        this.#notice({
          message:
            'The metrics endpoint did not start: its bearer token could not be read from where keys are kept.',
          messageZh: '指标端点未启动：无法从密钥存储中读取其持有者令牌。',
        });
    } else if (wanted !== this.#serverPort || token !== this.#serverToken) {
      await this.#stopServer();
      if (wanted !== null) await this.#startServer(wanted, token);
    }
    this.#tokenUnread = token === undefined;
    // A new sink only when where or how it pushes changed (not on every other setting's change).
    const key = statsd.enabled ? `${statsd.host}:${statsd.port}/${statsd.prefix}` : '';
    this.#prefix = statsd.prefix;
    if (key !== this.#statsdKey) {
      this.#statsd?.close();
      this.#statsd = statsd.enabled ? statsdSink(statsd) : null;
      this.#statsdKey = key;
    }
  }

  async #startServer(port: number, token: string | null): Promise<void> {
    try {
      this.#server = await startMetricsServer({ port, feed: this.#feed, token });
      this.#serverPort = port;
      this.#serverToken = token;
    } catch {
      this.#notice({
        message: `The metrics endpoint could not use port ${port} (another program may be using it). Choose another port in Settings.`,
        messageZh: `指标端点无法使用端口 ${port}（可能被其他程序占用）。请在设置中换一个端口。`,
      });
    }
  }

  async #stopServer(): Promise<void> {
    await this.#server?.close();
    this.#server = null;
    this.#serverPort = null;
    this.#serverToken = null;
  }

  /** The token, null when none is set; undefined when it cannot be read (a locked vault). */
  async #readToken(): Promise<string | null | undefined> {
    try {
      return await this.#token();
    } catch {
      return undefined;
    }
  }
}
