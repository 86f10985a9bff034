import '@fontsource-variable/inter';
import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App';
import { AppProviders } from './AppProviders';
import { createAppState } from './setup';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');

const { api, queryClient } = createAppState({ baseUrl: window.location.origin });

createRoot(root).render(
  <StrictMode>
    <AppProviders api={api} queryClient={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
