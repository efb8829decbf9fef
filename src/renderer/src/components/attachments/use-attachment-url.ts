import { useEffect, useState } from 'react';
import type { RefObject } from 'react';
import { call, on } from '../../lib/api.ts';
import { AttachmentUrls } from '../../lib/attachments/bytes.ts';

const urls = new AttachmentUrls({ call, on });

export type LoadedUrl =
  { status: 'idle' | 'loading' } | { status: 'ready'; url: string } | { status: 'missing' };

/** An image attachment's object URL while `wanted` (and the component is mounted). */
export function useAttachmentUrl(id: string, wanted: boolean): LoadedUrl {
  const [state, setState] = useState<{ id: string; loaded: LoadedUrl }>({ id, loaded: { status: 'idle' } });
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    urls.acquire(id).then(
      (url) => live && setState({ id, loaded: { status: 'ready', url } }),
      () => live && setState({ id, loaded: { status: 'missing' } }),
    );
    return () => {
      live = false;
      urls.release(id);
    };
  }, [id, wanted]);
  if (state.id !== id) return { status: wanted ? 'loading' : 'idle' };
  return state.loaded.status === 'idle' && wanted ? { status: 'loading' } : state.loaded;
}

/** Margin around the visible part of the message list within which thumbnails start loading. */
const NEAR = '600px 0px';

/** True once the element has come near the visible part of its scrolling list (and stays true). */
export function useNearView(ref: RefObject<HTMLElement | null>): boolean {
  const [near, setNear] = useState(false);
  useEffect(() => {
    const el = ref.current;
    if (!el || near) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { root: el.closest('.message-scroll'), rootMargin: NEAR },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, near]);
  return near;
}
