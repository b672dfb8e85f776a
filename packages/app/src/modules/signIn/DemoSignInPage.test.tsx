import { fireEvent, screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { DEMO_USER_STORAGE_KEY, DemoSignInPage } from './DemoSignInPage';

const BASE = 'http://localhost:7007/api/auth';

/** A JWT-shaped token (the identity reads its expiry). */
const token = `x.${Buffer.from(
  JSON.stringify({ sub: 'user:default/rachel.adeyemi', exp: 4102444800 }),
).toString('base64url')}.y`;

const RACHEL = {
  userEntityRef: 'user:default/rachel.adeyemi',
  displayName: 'Rachel Adeyemi',
  description: 'Customer representative of Customer Success',
  groups: ['group:default/customer-success'],
};

const GUEST = {
  userEntityRef: 'user:default/guest',
  displayName: 'Guest (demo)',
  description: 'The demo guest',
  groups: [],
};

function mockBackend(
  users: 'on' | 'off' | 'starting' | 'catalog-loading' | 'catalog-reading',
) {
  let starting = users === 'starting';
  // The catalog has read Rachel, and the guest only by the next asking.
  let partly = users === 'catalog-reading';
  let empty = users === 'catalog-loading';
  const fetchMock = jest.fn(async (url: string, init?: RequestInit) => {
    if (url === `${BASE}/demo/users`) {
      if (starting) {
        starting = false;
        return new Response('', { status: 503 });
      }
      if (empty) {
        empty = false;
        return new Response(JSON.stringify({ users: [] }), { status: 200 });
      }
      if (users === 'catalog-reading') {
        const listed = partly ? [RACHEL] : [RACHEL, GUEST];
        partly = false;
        return new Response(JSON.stringify({ users: listed }), {
          status: 200,
        });
      }
      return users !== 'off'
        ? new Response(JSON.stringify({ users: [RACHEL] }), { status: 200 })
        : new Response(JSON.stringify({ error: { name: 'NotAllowedError' } }), {
            status: 403,
          });
    }
    if (url === `${BASE}/demo/refresh`) {
      const who = new Headers(init?.headers).get('x-itsm-demo-user');
      return new Response(
        JSON.stringify({
          profile: { displayName: 'Rachel Adeyemi' },
          backstageIdentity: {
            token,
            identity: {
              type: 'user',
              userEntityRef: who,
              ownershipEntityRefs: [who, 'group:default/customer-success'],
            },
          },
        }),
        { status: 200 },
      );
    }
    return new Response('{}', { status: 404 });
  });
  global.fetch = fetchMock as unknown as typeof fetch;
  return fetchMock;
}

const apis = [
  mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
] as const;

describe('DemoSignInPage', () => {
  beforeEach(() => localStorage.clear());

  it('lists the demo users and signs in as the one picked, until sign-out', async () => {
    const fetchMock = mockBackend('on');
    const onSignInSuccess = jest.fn();
    renderInTestApp(<DemoSignInPage onSignInSuccess={onSignInSuccess} />, {
      apis,
    });

    const rachel = await screen.findByRole('button', {
      name: 'Sign in as Rachel Adeyemi',
    });
    expect(rachel).toHaveTextContent(
      'Customer representative of Customer Success · customer-success',
    );
    fireEvent.click(rachel);

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const identity = onSignInSuccess.mock.calls[0][0];
    expect(await identity.getBackstageIdentity()).toEqual({
      type: 'user',
      userEntityRef: 'user:default/rachel.adeyemi',
      ownershipEntityRefs: [
        'user:default/rachel.adeyemi',
        'group:default/customer-success',
      ],
    });
    expect(await identity.getCredentials()).toEqual({ token });
    const refresh = fetchMock.mock.calls.find(
      ([url]) => url === `${BASE}/demo/refresh`,
    )!;
    expect(new Headers(refresh[1]?.headers).get('x-itsm-demo-user')).toBe(
      'user:default/rachel.adeyemi',
    );
    // Reloading stays signed in as her; signing out forgets her.
    expect(localStorage.getItem(DEMO_USER_STORAGE_KEY)).toBe(
      'user:default/rachel.adeyemi',
    );
    await identity.signOut();
    expect(localStorage.getItem(DEMO_USER_STORAGE_KEY)).toBeNull();
  });

  it('offers to retry while the backend is not up, rather than the guest', async () => {
    mockBackend('starting');
    renderInTestApp(<DemoSignInPage onSignInSuccess={jest.fn()} />, { apis });
    expect(
      await screen.findByText(/Could not reach the backend/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Enter' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('button', { name: 'Sign in as Rachel Adeyemi' }),
    ).toBeVisible();
  });

  it('asks again while the catalog has not read its people yet', async () => {
    const fetchMock = mockBackend('catalog-loading');
    await renderInTestApp(<DemoSignInPage onSignInSuccess={jest.fn()} />, {
      apis,
    });
    // The first answer lists nobody; the page asks again and offers Rachel.
    expect(
      await screen.findByRole(
        'button',
        { name: 'Sign in as Rachel Adeyemi' },
        { timeout: 10_000 },
      ),
    ).toBeVisible();
    expect(
      fetchMock.mock.calls.filter(([url]) => url === `${BASE}/demo/users`),
    ).toHaveLength(2);
  });

  it('asks again while it shows, so people the catalog reads later appear', async () => {
    mockBackend('catalog-reading');
    await renderInTestApp(<DemoSignInPage onSignInSuccess={jest.fn()} />, {
      apis,
    });
    expect(
      await screen.findByRole('button', { name: 'Sign in as Rachel Adeyemi' }),
    ).toBeVisible();
    expect(
      screen.queryByRole('button', { name: 'Sign in as Guest (demo)' }),
    ).not.toBeInTheDocument();
    expect(
      await screen.findByRole(
        'button',
        { name: 'Sign in as Guest (demo)' },
        { timeout: 15_000 },
      ),
    ).toBeVisible();
  }, 30_000);

  it('offers the guest sign-in when the backend has demo sign-in off', async () => {
    mockBackend('off');
    renderInTestApp(<DemoSignInPage onSignInSuccess={jest.fn()} />, {
      apis,
      config: { app: { title: 'Kestrel Developer Portal' } },
    });
    expect(await screen.findByRole('button', { name: 'Enter' })).toBeVisible();
    expect(
      screen.queryByRole('list', { name: 'Demo users' }),
    ).not.toBeInTheDocument();
  });
});
