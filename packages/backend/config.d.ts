export interface Config {
  itsm?: {
    /**
     * Lets a person sign in as any User of the catalog through the `demo`
     * auth provider (packages/backend/src/auth/demoSignIn.ts). Works only
     * when this is true AND the backend runs with NODE_ENV=development
     * (`yarn start`); refused otherwise. Never enable it where real people
     * sign in: it asks for no password.
     */
    demoSignIn?: boolean;
    /**
     * The permission policy of the portal
     * (packages/backend/src/permissions/samplePolicy.ts): `allow-all`
     * (default) lets every signed-in user read and change every record, the
     * process roles still decide who takes which step; `restrictive` keeps
     * teams apart: a user reads and changes only the ITSM records of their
     * teams.
     */
    samplePolicy?: 'allow-all' | 'restrictive';
  };
}
