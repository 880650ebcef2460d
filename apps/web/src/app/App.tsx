import { DEFAULT_THEME, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { RouterProvider } from 'react-router';
import { ApiError } from '../shared/api/problem.ts';
import { queryKeys } from '../shared/api/queryKeys.ts';
import { i18n } from '../shared/i18n/i18n.ts';
import { router } from './router.tsx';
import { styleNonce } from './styleNonce.ts';

const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, defaultRadius: 'sm', respectReducedMotion: true });

/**
 * WCAG AA contrast (axe "color-contrast", checked by the end-to-end tests): light variants, coloured
 * and dimmed text use darker shades than Mantine's defaults.
 */
const contrastResolver: CSSVariablesResolver = () => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  };
  for (const color of Object.keys(DEFAULT_THEME.colors)) {
    light[`--mantine-color-${color}-light-color`] = `var(--mantine-color-${color}-9)`;
    light[`--mantine-color-${color}-text`] = `var(--mantine-color-${color}-9)`;
    light[`--mantine-color-${color}-outline`] = `var(--mantine-color-${color}-9)`;
    light[`--mantine-color-${color}-light`] = `var(--mantine-color-${color}-0)`;
    light[`--mantine-color-${color}-light-hover`] = `var(--mantine-color-${color}-1)`;
  }
  return { variables: {}, light, dark: {} };
};

/** A request answered 401 means the session ended: forget who is logged in, the router sends to /login. */
function forgetSessionOn401(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && error.code === 'unauthorized')
    queryClient.setQueryData(queryKeys.me, null);
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: forgetSessionOn401 }),
  mutationCache: new MutationCache({ onError: forgetSessionOn401 }),
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

const nonce = styleNonce();

export function App() {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider
        theme={theme}
        cssVariablesResolver={contrastResolver}
        {...(nonce ? { getStyleNonce: () => nonce } : {})}
      >
        <Notifications position="top-right" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
