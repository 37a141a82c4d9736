// Brief confirmations and failures that don't belong to one field ("Settings saved").
import { createContext, type ReactNode, useCallback, useContext, useState } from 'react';
import './toasts.css';

type Tone = 'success' | 'error';
interface Toast {
  id: number;
  tone: Tone;
  text: string;
}
type Notify = (tone: Tone, text: string) => void;

const NotifyContext = createContext<Notify>(() => undefined);
const SHOW_MS = 4_000;
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
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
            {toast.text}
          </div>
        ))}
      </div>
    </NotifyContext>
  );
}

export function useNotify(): Notify {
  return useContext(NotifyContext);
}
