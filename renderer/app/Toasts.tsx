// Brief confirmations and failures that don't belong to one field ("Settings saved").
import type { TFunction } from 'i18next';
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './toasts.css';

type Tone = 'success' | 'error';
interface Toast {
  id: number;
  tone: Tone;
  text: ToastText;
}
/**
 * A fixed text, or one worded at each render so a toast still on screen follows a change of
 * language (a toast that guides the agent, such as the desk-phone call's number, stays a while).
 */
type ToastText = string | ((t: TFunction) => string);
type Notify = (tone: Tone, text: ToastText) => void;

const NotifyContext = createContext<Notify>(() => undefined);
const SHOW_MS = 4_000;
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const notify = useCallback<Notify>((tone, text) => {
    const id = nextId++;
    setToasts((all) => [...all, { id, tone, text }]);
    setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), SHOW_MS);
  }, []);
  return (
    <NotifyContext value={notify}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`} data-testid="toast">
            {typeof toast.text === 'string' ? toast.text : toast.text(t)}
          </div>
        ))}
      </div>
    </NotifyContext>
  );
}

export function useNotify(): Notify {
  return useContext(NotifyContext);
}
