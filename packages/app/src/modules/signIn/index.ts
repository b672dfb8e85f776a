import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

/**
 * Replaces the app's guest sign-in page with the demo sign-in page: pick any
 * demo catalog user in development, the guest otherwise.
 */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [
    SignInPageBlueprint.make({
      params: {
        loader: async () =>
          import('./DemoSignInPage').then(m => m.DemoSignInPage),
      },
    }),
  ],
});
