/**
 * An answer's cost in dollars, in the page's language: two significant digits for the fractions of a
 * cent one answer usually costs ($0.000024, never $0.0000), cents otherwise.
 */
export function costText(cost: number, language: string): string {
  const small = cost > 0 && cost < 0.01;
  return new Intl.NumberFormat(language, {
    style: 'currency',
    currency: 'USD',
    ...(small ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 2 }),
  }).format(cost);
}
