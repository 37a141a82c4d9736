import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/ApiContext';
import { createApi } from './api/client';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import { ToastProvider } from './app/Toasts';
import './app/app.css';

const api = createApi();
await initI18n();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiProvider api={api}>
      <ToastProvider>
        <App />
      </ToastProvider>
    </ApiProvider>
  </StrictMode>,
);
