/** Sidebar groups: pinned first, then by how recently a conversation was updated. */
export type DateGroup = 'pinned' | 'today' | 'yesterday' | 'week' | 'month' | `m:${number}-${number}`;

const DAY = 24 * 60 * 60 * 1000;

function startOfDay(time: number): number {
  const d = new Date(time);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

export function dateGroup(updatedAt: number, pinned: boolean, now: number): DateGroup {
  if (pinned) return 'pinned';
  const today = startOfDay(now);
  if (updatedAt >= today) return 'today';
  if (updatedAt >= today - DAY) return 'yesterday';
  if (updatedAt >= today - 7 * DAY) return 'week';
  if (updatedAt >= today - 30 * DAY) return 'month';
  const d = new Date(updatedAt);
  return `m:${d.getFullYear()}-${d.getMonth() + 1}`;
}
