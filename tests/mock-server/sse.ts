/** Server-sent event framing, with the variations real servers and proxies produce. */

export interface SseStyle {
  lineEnding?: 'lf' | 'crlf' | 'cr';
  noSpaceAfterColon?: boolean;
}

export interface SseEvent {
  event?: string;
  data: string;
}

const EOL = { lf: '\n', crlf: '\r\n', cr: '\r' } as const;

export function formatEvent(event: SseEvent, style: SseStyle): string {
  const eol = EOL[style.lineEnding ?? 'lf'];
  const sep = style.noSpaceAfterColon ? ':' : ': ';
  const lines = event.event === undefined ? [] : [`event${sep}${event.event}`];
  for (const line of event.data.split(/\r\n|\r|\n/)) lines.push(`data${sep}${line}`);
  return lines.join(eol) + eol + eol;
}

export function formatComment(text: string, style: SseStyle): string {
  const eol = EOL[style.lineEnding ?? 'lf'];
  return `: ${text}${eol}${eol}`;
}
