import { InfoCard } from '@backstage/core-components';
import { ACTION_ROLES, Sla } from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Typography } from '@material-ui/core';
import { useState } from 'react';
import { useRecordRoles } from '../../hooks';
import { ErrorBanner } from '../common/ErrorBanner';
import { messageOf } from '../common/errors';
import { actsInAny, whoCan } from '../common/roles';
import { EntityLink, OptionalEntityLink } from '../common/EntityLinks';
import { formatDateTime } from '../common/format';
import { SignatureRole, useSlaSigning } from './hooks';
import { CARD_TITLE } from '../common/cardTitle';

const ROLES = [
  {
    role: 'customer' as const,
    label: 'Customer representative',
    button: 'Sign as customer',
    group: 'customerGroup' as const,
    roles: ACTION_ROLES['slas.signCustomer'],
  },
  {
    role: 'serviceOwner' as const,
    label: 'Service owner',
    button: 'Sign as service owner',
    group: 'serviceOwnerGroup' as const,
    roles: ACTION_ROLES['slas.signServiceOwner'],
  },
];

/**
 * The two signatures a draft SLA needs before it can be activated, with a
 * button to sign in each role the caller acts in (customer representative,
 * service owner) and, for the other, who signs. Nothing is offered while the
 * caller's roles load or when they cannot be read.
 */
export const SignaturesCard = (props: { sla: Sla }) => {
  const { sla } = props;
  const { sign: signAs } = useSlaSigning(sla.key);
  const roles = useRecordRoles('slas', sla.key);
  const known = roles.loading || roles.error ? undefined : roles.value;
  const draft = sla.state === 'draft';
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const sign = async (role: SignatureRole) => {
    setFailure(undefined);
    setBusy(true);
    try {
      await signAs(role);
    } catch (e) {
      setFailure(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <InfoCard titleTypographyProps={CARD_TITLE} title="Signatures">
      {failure && <ErrorBanner title="Not signed" message={failure} />}
      {draft && !roles.loading && roles.error && (
        <ErrorBanner
          title="Could not read your roles; signing is not offered"
          message={messageOf(roles.error)}
          actions={
            <Button size="small" variant="outlined" onClick={roles.retry}>
              Retry
            </Button>
          }
        />
      )}
      {ROLES.map(r => {
        const signature = sla.signatures?.[r.role];
        return (
          <Box key={r.role} mb={2}>
            <Typography variant="subtitle2" component="h3">
              {r.label} (<OptionalEntityLink entityRef={sla[r.group]} />)
            </Typography>
            {signature ? (
              <Typography variant="body2">
                Signed by <EntityLink entityRef={signature.by} /> on{' '}
                {formatDateTime(signature.at)}
              </Typography>
            ) : (
              <Typography variant="body2" color="textSecondary">
                Not signed yet
              </Typography>
            )}
            {!signature && draft && known && !actsInAny(r.roles, known) && (
              <Typography variant="body2" color="textSecondary">
                {r.button}: {whoCan(r.roles, known.roles)}
              </Typography>
            )}
            {!signature && draft && actsInAny(r.roles, known) && (
              <Box mt={1}>
                <Button
                  size="small"
                  variant="outlined"
                  color="primary"
                  disabled={busy}
                  onClick={() => sign(r.role)}
                >
                  {r.button}
                </Button>
              </Box>
            )}
          </Box>
        );
      })}
      {draft && (
        <Typography variant="body2" color="textSecondary">
          The SLA becomes active only with both signatures.
        </Typography>
      )}
    </InfoCard>
  );
};
