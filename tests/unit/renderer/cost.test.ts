import { expect, it } from 'vitest';
import { costText } from '../../../src/renderer/src/lib/cost.ts';

/** One way to show an answer's cost, under a message and in a comparison's columns alike. */
it('shows fractions of a cent with two significant digits, never as $0.0000; cents above', () => {
  expect(costText(0.0000243, 'en')).toBe('$0.000024');
  expect(costText(0.0005, 'en')).toBe('$0.0005');
  expect(costText(0.0123, 'en')).toBe('$0.01');
  expect(costText(1.234, 'en')).toBe('$1.23');
  expect(costText(0, 'en')).toBe('$0.00');
  expect(costText(0.0000243, 'zh-CN')).toMatch(/^US\$0\.000024$/);
});
