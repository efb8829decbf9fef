import { useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RangeKind } from '../../lib/usage-range.ts';
import { rangeKinds } from '../../lib/usage-range.ts';

/** Today, 7 days, 30 days, Custom: a radio group (arrow keys move the choice, Tab leaves it). */
export function RangePicker({ value, onChange }: { value: RangeKind; onChange(kind: RangeKind): void }) {
  const { t } = useTranslation();
  const group = useRef<HTMLDivElement>(null);
  const onKey = (event: KeyboardEvent) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = rangeKinds[(rangeKinds.indexOf(value) + step + rangeKinds.length) % rangeKinds.length]!;
    onChange(next);
    group.current?.querySelector<HTMLElement>(`[data-range="${next}"]`)?.focus();
  };
  return (
    <div
      ref={group}
      className="usage-ranges"
      role="radiogroup"
      aria-label={t('usage.ranges.label')}
      onKeyDown={onKey}
    >
      {rangeKinds.map((k) => (
        <button
          key={k}
          type="button"
          role="radio"
          data-range={k}
          aria-checked={value === k}
          tabIndex={value === k ? 0 : -1}
          className={value === k ? 'active' : undefined}
          onClick={() => onChange(k)}
        >
          {t(`usage.ranges.${k}`)}
        </button>
      ))}
    </div>
  );
}
