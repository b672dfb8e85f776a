import { useEffect, useState } from 'react';
import {
  Content,
  ErrorPanel,
  Header,
  InfoCard,
  Page,
  Progress,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  discoveryApiRef,
  IdentityApi,
  useApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';

/*
 * The sign-in page of the demo portal. When the backend's development-only
 * `demo` auth provider is on (itsm.demoSignIn, packages/backend/src/auth),
 * it lists the Users of the catalog and signs in as the one picked: the
 * auth backend issues that user's token with the ownership claims the
 * catalog gives them, so the portal shows what that person may do. The pick
 * is kept in local storage, so reloading stays signed in; signing out
 * forgets it. When the provider answers no list (production, or
 * itsm.demoSignIn off) the page is the usual guest sign-in.
 */

/** Local storage key of the picked demo user. */
export const DEMO_USER_STORAGE_KEY = 'itsm.demoUser';

/** The header that names the demo user to the auth backend. */
const DEMO_USER_HEADER = 'x-itsm-demo-user';

/** A user the backend offers (GET /api/auth/demo/users). */
export interface DemoUser {
  userEntityRef: string;
  displayName: string;
  description?: string;
  groups: string[];
}

type UserList =
  | { state: 'loading' }
  | { state: 'off' }
  | { state: 'on'; users: DemoUser[] }
  | { state: 'unreachable'; error: Error };

/**
 * The demo users, or `off` when the backend refuses demo sign-in (403) or
 * has no such route (404), or `unreachable` (the backend is down, starting
 * or restarting).
 */
/**
 * The next state of the list, unless it already shows people: a later
 * asking that fails, or answers nobody, keeps the people shown.
 */
const unlessShown =
  (next: UserList) =>
  (known: UserList): UserList =>
    known.state === 'on' ? known : next;

/** How often the page asks again for the people it offers. */
const REFRESH_MS = 5000;

function useDemoUsers(): { list: UserList; retry(): void } {
  const discoveryApi = useApi(discoveryApiRef);
  const [list, setList] = useState<UserList>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    (async () => {
      let res: Response;
      try {
        const base = await discoveryApi.getBaseUrl('auth');
        res = await fetch(`${base}/demo/users`);
      } catch (error) {
        if (live)
          setList(unlessShown({ state: 'unreachable', error: error as Error }));
        return;
      }
      if (!live) return;
      // Refused (403) or not installed (404): the usual guest sign-in.
      if (res.status === 403 || res.status === 404) {
        setList(unlessShown({ state: 'off' }));
        return;
      }
      const body = res.ok ? await res.json().catch(() => undefined) : undefined;
      if (!live) return;
      if (Array.isArray(body?.users) && body.users.length === 0) {
        // A portal just started: the catalog has not read its people yet.
        // Ask again shortly instead of offering nobody.
        setList(unlessShown({ state: 'loading' }));
        setTimeout(() => {
          if (live) setAttempt(a => a + 1);
        }, 2000);
        return;
      }
      if (!Array.isArray(body?.users)) {
        setList(
          unlessShown({
            state: 'unreachable',
            error: new Error(`The backend answered ${res.status}`),
          }),
        );
        return;
      }
      // Unchanged lists keep their state, so the page does not redraw.
      setList(known =>
        known.state === 'on' &&
        JSON.stringify(known.users) === JSON.stringify(body.users)
          ? known
          : { state: 'on', users: body.users },
      );
      // A portal just started may have read some of its people only: ask
      // again while the page shows, so those read later (the guest too)
      // appear.
      setTimeout(() => {
        if (live) setAttempt(a => a + 1);
      }, REFRESH_MS);
    })();
    return () => {
      live = false;
    };
  }, [discoveryApi, attempt]);
  return {
    list,
    retry: () => {
      setList({ state: 'loading' });
      setAttempt(n => n + 1);
    },
  };
}

/** The identity, forgetting the picked user on sign-out. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    async signOut() {
      localStorage.removeItem(DEMO_USER_STORAGE_KEY);
      await identity.signOut();
    },
  };
}

const shortRef = (ref: string) => ref.replace(/^[^:]+:(default\/)?/, '');

function UserPicker(props: {
  title: string;
  users: DemoUser[];
  onPick(userEntityRef: string): void;
}) {
  return (
    <Page themeId="home">
      <Header
        title={props.title}
        subtitle="Development sign-in: act as any person of the demo catalog"
      />
      <Content>
        <Grid container justifyContent="center">
          <Grid item xs={12} md={8} lg={6}>
            <InfoCard title="Sign in as a demo user">
              <Typography variant="body2" paragraph>
                Each person holds the roles the catalog gives them and their
                teams. Nobody is asked for a password: this page exists only in
                development.
              </Typography>
              <List dense aria-label="Demo users">
                {props.users.map(user => (
                  <ListItem
                    key={user.userEntityRef}
                    button
                    aria-label={`Sign in as ${user.displayName}`}
                    onClick={() => props.onPick(user.userEntityRef)}
                  >
                    <ListItemText
                      primary={user.displayName}
                      secondary={[
                        user.description,
                        user.groups.map(shortRef).join(', '),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    />
                  </ListItem>
                ))}
              </List>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}

function Failed(props: {
  title: string;
  error?: Error;
  action: string;
  onAction(): void;
}) {
  return (
    <Page themeId="home">
      <Content>
        <ErrorPanel
          title={props.title}
          error={props.error ?? new Error('Unknown error')}
        />
        <Button variant="contained" color="primary" onClick={props.onAction}>
          {props.action}
        </Button>
      </Content>
    </Page>
  );
}

export function DemoSignInPage(props: SignInPageProps) {
  const title = useApi(configApiRef).getOptionalString('app.title') ?? '';
  const { list, retry } = useDemoUsers();
  const [picked, setPicked] = useState(() =>
    localStorage.getItem(DEMO_USER_STORAGE_KEY),
  );

  if (picked) {
    const back = () => {
      localStorage.removeItem(DEMO_USER_STORAGE_KEY);
      setPicked(null);
    };
    return (
      <ProxiedSignInPage
        provider="demo"
        headers={{ [DEMO_USER_HEADER]: picked }}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetOnSignOut(identity))
        }
        ErrorComponent={({ error }) => (
          <Failed
            title="Could not sign in as the demo user"
            error={error}
            action="Choose another user"
            onAction={back}
          />
        )}
      />
    );
  }
  if (list.state === 'loading') return <Progress />;
  if (list.state === 'unreachable') {
    return (
      <Failed
        title="Could not reach the backend"
        error={list.error}
        action="Retry"
        onAction={retry}
      />
    );
  }
  if (list.state === 'off') {
    return <SignInPage {...props} providers={['guest']} />;
  }
  return (
    <UserPicker
      title={title}
      users={list.users}
      onPick={ref => {
        localStorage.setItem(DEMO_USER_STORAGE_KEY, ref);
        setPicked(ref);
      }}
    />
  );
}
