// A letter's PDF in the console: the core fetches it from the central server (base64 over the
// typed API, with the SHA-256 of what it received); the screen checks that hash against the
// letter's record and makes a Blob URL of it, the same in the browser shell and in Electron, to
// open in a window (the browser's PDF viewer, which prints too), save with its file name, or print.
import { useEffect, useRef, useState } from 'react';
import type { LetterRecord } from '../../shared/messaging/letters';
import { useApi } from '../api/ApiContext';

export type PdfAction = 'open' | 'download' | 'print';

interface Fetched {
  url: string;
  fileName: string;
}

/** Blob URLs per letter, kept while the console runs a little past the panel (a window may still be reading one). */
const cache = new Map<string, Promise<Fetched>>();

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function save(file: Fetched): void {
  const a = document.createElement('a');
  a.href = file.url;
  a.download = file.fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}

export function usePdf(letter: LetterRecord): { busy: boolean; run: (action: PdfAction) => Promise<'done' | 'downloaded-instead'> } {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  function fetchPdf(): Promise<Fetched> {
    let pending = cache.get(letter.id);
    if (!pending) {
      pending = api.invoke('letters.pdf', { letterId: letter.id }).then(({ base64, fileName, sha256 }) => {
        if (sha256 !== letter.sha256) throw new Error('hash');
        const url = URL.createObjectURL(new Blob([bytesOf(base64)], { type: 'application/pdf' }));
        return { url, fileName };
      });
      cache.set(letter.id, pending);
      pending.catch(() => cache.delete(letter.id));
    }
    return pending;
  }

  async function run(action: PdfAction): Promise<'done' | 'downloaded-instead'> {
    setBusy(true);
    try {
      const file = await fetchPdf();
      if (action === 'download') {
        save(file);
        return 'done';
      }
      const win = window.open(file.url, '_blank');
      if (!win) {
        save(file);
        return 'downloaded-instead';
      }
      if (action === 'print') {
        // The window shows the PDF in the browser's viewer; printing it asks for the printer.
        win.addEventListener('load', () => win.print(), { once: true });
      }
      return 'done';
    } finally {
      if (mounted.current) setBusy(false);
    }
  }

  return { busy, run };
}
