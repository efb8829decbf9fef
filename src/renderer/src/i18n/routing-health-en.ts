/** English UI text for the failover chain's routing mode and each model's health (issue 14). */
export const routingHealthEn = {
  mode: 'Routing mode',
  modes: {
    ordered: 'In order',
    fastest: 'Fastest',
    cheapest: 'Cheapest',
  },
  modeHints: {
    ordered: 'Tries the models in the order below.',
    fastest:
      'Tries first the healthy model with the lowest recent time to first token (p95); unmeasured models keep their order.',
    cheapest: 'Tries first the cheapest model whose context window holds the conversation.',
  },
  health: 'Health of {{model}}',
  closed: 'Healthy',
  open: 'Skipped until {{time}}',
  halfOpen: 'Probing',
  reasons: {
    'failures-in-a-row': 'Failed several times in a row.',
    'error-rate': 'Over half of its requests in the last minute failed.',
  },
  halfOpenHint: 'The cool-down is over: the next request checks whether it works again.',
  closedHint: 'Answering normally.',
  lastError: 'Last error: {{error}}',
  p95: 'p95 first token {{ms}} ms',
};
