import { useTranslation } from 'react-i18next';
import type { AnswerRoute, SkippedLink } from '../../../../shared/routing.ts';

/**
 * Under an answer: the route it took, compactly — "gpt-4o · key …abcd · via failover (gpt-4.1
 * failed)" — with every link passed over in the tooltip. Older answers have no route and no line.
 */
export function RouteLine({ route }: { route: AnswerRoute }) {
  const { t } = useTranslation();
  const linkText = (link: SkippedLink) =>
    link.reason === 'failed'
      ? t('answerRoute.failed', { model: link.model })
      : t('answerRoute.circuitOpen', { model: link.model });
  const reasonText = (reason: AnswerRoute['why'][number]) => {
    const name = t(`answerRoute.why.${reason}`);
    const links = route.skipped.filter((link) =>
      reason === 'failover'
        ? link.reason === 'failed'
        : reason === 'circuit-open' && link.reason === 'circuit-open',
    );
    return links.length ? `${name} (${links.map(linkText).join(', ')})` : name;
  };
  const reasons = route.why.filter((reason) => reason !== 'first');
  const parts = [route.model];
  if (route.keyHint) parts.push(t('answerRoute.key', { hint: route.keyHint }));
  if (reasons.length) parts.push(t('answerRoute.via', { reasons: reasons.map(reasonText).join(', ') }));
  const title = route.skipped.length
    ? t('answerRoute.skippedTitle', {
        links: route.skipped.map((link) => `${link.providerId}/${link.model}: ${linkText(link)}`).join('; '),
      })
    : undefined;
  return (
    <div className="route-line" aria-label={t('answerRoute.routeLabel')} title={title}>
      {parts.join(' · ')}
    </div>
  );
}
