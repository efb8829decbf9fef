import { test, expect, MODELS, PROVIDER_ID } from '../support/parley.ts';

/**
 * Settings > Models: the failover chain's routing mode, and each model's health badge following its
 * circuit breaker live (`routing.healthChanged`) as a failing model opens after five failures.
 */

// A provider of this spec's own, so no other spec meets its open breaker.
const ROUTING_PROVIDER = `routing-${process.env.TEST_WORKER_INDEX ?? '0'}`;
const flaky = { providerId: ROUTING_PROVIDER, model: 'flaky-model' };
const steady = { providerId: ROUTING_PROVIDER, model: 'steady-model' };

test('the routing mode select and a health badge that goes to open after failures', async ({
  app,
  host,
  mock,
}) => {
  await host.call('providers.save', {
    id: ROUTING_PROVIDER,
    name: 'Spare host',
    kind: 'openai-compatible',
    baseUrl: `${mock.url}/v1`,
    models: [flaky.model, steady.model],
    auth: { type: 'api-key' },
    proxy: { mode: 'none' },
    maxRetries: 0,
  });
  await host.call('keys.set', { providerId: ROUTING_PROVIDER, key: 'sk-routing-e2e-5678' });
  // No titles: a title request to the failing model would answer and reset its count.
  await host.call('settings.update', {
    defaultModel: flaky,
    failoverChain: [flaky, steady],
    autoTitle: false,
  });
  try {
    await app.getByRole('button', { name: 'Settings', exact: true }).click();
    const dialog = app.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('tab', { name: 'Models' }).click();

    const mode = dialog.getByLabel('Routing mode', { exact: true });
    await expect(mode).toHaveValue('ordered');
    await expect(dialog.getByText('Tries the models in the order below.')).toBeVisible();
    const badge = dialog.locator('ol.chain li', { hasText: 'flaky-model' }).getByRole('status');
    await expect(badge).toHaveAttribute('data-state', 'closed');
    await expect(badge).toHaveText('Healthy');

    // Five failures in a row: each answer fails over to the steady model, and the breaker opens.
    const reached = (model: string) =>
      mock.requests.filter((r) => (r.body as { model?: string } | undefined)?.model === model).length;
    for (let i = 1; i <= 5; i++) {
      mock.enqueue({ forModel: flaky.model, status: 503 });
      await host.call('chat.send', { content: `attempt ${i}`, conversationId: null, model: null });
      await expect.poll(() => reached(steady.model)).toBe(i);
    }
    await expect(badge).toHaveAttribute('data-state', 'open');
    await expect(badge).toContainText('Skipped until');
    await expect(badge).toHaveAttribute(
      'title',
      /Failed several times in a row\.\nLast error: .*server error/,
    );
    await expect(
      dialog.locator('ol.chain li', { hasText: 'steady-model' }).getByRole('status'),
    ).toHaveAttribute('data-state', 'closed');

    // Open: the next answer goes straight to the steady model.
    await host.call('chat.send', { content: 'attempt 6', conversationId: null, model: null });
    await expect.poll(() => reached(steady.model)).toBe(6);
    expect(reached(flaky.model)).toBe(5);

    await mode.selectOption('fastest');
    await expect(dialog.getByText(/lowest recent time to first token/)).toBeVisible();
    await expect.poll(async () => (await host.call('settings.get')).routingMode).toBe('fastest');

    // In Chinese too.
    await host.call('settings.update', { language: 'zh-CN' });
    const zh = app.getByRole('dialog', { name: '设置' });
    await expect(zh.getByLabel('路由方式', { exact: true })).toHaveValue('fastest');
    await expect(
      zh.getByText('先尝试近期首字延迟（p95）最低的健康模型；尚无测量数据的模型保持原顺序。'),
    ).toBeVisible();
    await expect(zh.locator('ol.chain li', { hasText: 'flaky-model' }).getByRole('status')).toContainText(
      '暂停使用，直到',
    );
  } finally {
    await host.call('settings.update', {
      defaultModel: { providerId: PROVIDER_ID, model: MODELS[0]! },
      failoverChain: [],
      routingMode: 'ordered',
      autoTitle: true,
      language: 'en',
    });
    await host.call('providers.remove', { providerId: ROUTING_PROVIDER });
  }
});
