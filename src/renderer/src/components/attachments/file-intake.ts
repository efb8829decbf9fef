import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ClipboardEvent } from 'react';
import { call, on } from '../../lib/api.ts';
import { AttachmentDraft } from '../../lib/attachments/draft.ts';
import type { DraftItem } from '../../lib/attachments/draft.ts';
import { pastedFiles } from '../../lib/attachments/pasted-files.ts';

/**
 * Files dragged over the window: true while they hover (to show what a drop will do); dropped
 * anywhere in the window, they go to `onFiles` (and the browser does not open them instead).
 */
export function useWindowDrop(onFiles: (files: File[]) => void, enabled = true): boolean {
  const [over, setOver] = useState(false);
  const latest = useRef(onFiles);
  useEffect(() => {
    latest.current = onFiles;
  });
  useEffect(() => {
    if (!enabled) return;
    let depth = 0;
    const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const enter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setOver(true);
    };
    const overWindow = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const drop = (event: DragEvent) => {
      depth = 0;
      setOver(false);
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      event.preventDefault();
      latest.current(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [enabled]);
  return over;
}

/** Each conversation's draft keeps its files, as the composer keeps its text. */
const drafts = new Map<string | null, AttachmentDraft>();

/** The attachment draft kept under `key`, made on first use. */
function draftFor(key: string | null): AttachmentDraft {
  let kept = drafts.get(key);
  if (!kept) {
    kept = new AttachmentDraft({ call, on });
    drafts.set(key, kept);
  }
  return kept;
}

/** The attachment draft kept under `key` (following it when it changes), and its files. */
function useAttachmentDraft(key: string | null): [AttachmentDraft, DraftItem[]] {
  const draft = draftFor(key);
  const items = useSyncExternalStore(draft.subscribe, draft.get);
  return [draft, items];
}

/**
 * A message being written takes files three ways: picked (`draft.add`), dropped anywhere on the
 * window (`dragging` while they hover), and pasted into its text box (`onPaste`).
 */
export function useFileIntake(key: string | null) {
  const [draft, items] = useAttachmentDraft(key);
  const dragging = useWindowDrop((files) => draft.add(files));
  const onPaste = (event: ClipboardEvent<HTMLElement>) => {
    const files = pastedFiles(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    draft.add(files);
  };
  return { draft, items, dragging, onPaste };
}
