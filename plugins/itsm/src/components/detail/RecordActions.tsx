import { LinkButton } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  availableTransitions,
  isTerminalState,
  ITSM_RECORD_TYPE_INFO,
  ItsmRecord,
  TransitionDef,
} from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, Typography } from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import { useState } from 'react';
import { itsmApiRef, TransitionBody } from '../../api';
import {
  useCallerIdentity,
  useRecordActions,
  useRecordRefresh,
  useRecordRoles,
} from '../../hooks';
import { recordTypeDescriptor } from '../../records/registry';
import { ErrorBanner } from '../common/ErrorBanner';
import { isConflict, messageOf } from '../common/errors';
import { actsInAny, whoCan } from '../common/roles';
import { singularInText } from '../common/format';
import { useItsmPaths } from '../common/paths';
import { StateChip } from '../common/StateChip';
import { TransitionDialog } from './TransitionDialog';
import { transitionInputs } from './transitionForm';
import { awaitedApprovals, takeRecord } from './takeRecord';

/**
 * The transitions of the state that the caller cannot take, each with who
 * takes it: "Schedule: change manager (group:default/cab)".
 */
const TakenByOthers = (props: {
  lines: Array<{ key: string; text: string }>;
}) =>
  props.lines.length === 0 ? null : (
    <Box mb={2}>
      <Typography variant="body2">Taken by others:</Typography>
      <Typography
        variant="body2"
        component="ul"
        aria-label="Taken by others"
        style={{ margin: 0 }}
      >
        {props.lines.map(line => (
          <li key={line.key}>{line.text}</li>
        ))}
      </Typography>
    </Box>
  );

/**
 * The state of a record and what can be done with it: the transitions its
 * state machine allows now that the caller acts in a role for (those that
 * need input open a dialog), who takes the others, Edit while it has not
 * ended (for a type that names who edits, such as an SLA, only to them), and
 * the server's answer when it refuses a step. No transition, nor such an
 * Edit, is offered while the caller's roles load or when they cannot be read.
 */
export const RecordActions = (props: { record: ItsmRecord }) => {
  const { record } = props;
  const { type } = record;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const paths = useItsmPaths();
  const { transition: post } = useRecordActions(type, record.key);
  const { refreshRecord } = useRecordRefresh();
  const [dialog, setDialog] = useState<TransitionDef>();
  const [failure, setFailure] = useState<{
    message: string;
    conflict: boolean;
  }>();
  const [busy, setBusy] = useState(false);

  const roles = useRecordRoles(type, record.key);
  const known = roles.loading || roles.error ? undefined : roles.value;
  const api = useApi(itsmApiRef);
  const identity = useCallerIdentity();
  const possible = availableTransitions(
    type,
    record as unknown as { state: string } & Record<string, unknown>,
  );
  // A change's Schedule waits for its approvals: not offered before.
  const waiting = possible.flatMap(t => {
    const awaited = awaitedApprovals(record, t);
    return awaited
      ? [{ key: `${t.action}-${t.to}`, label: t.label, awaited }]
      : [];
  });
  const transitions = possible.filter(t => !awaitedApprovals(record, t));
  const take = takeRecord(
    record,
    transitions,
    known,
    identity.value?.userEntityRef,
  );
  const offered = transitions.filter(t => actsInAny(t.roles, known));
  const terminal = isTerminalState(type, record.state);
  const { editRoles } = recordTypeDescriptor(type);
  const editable = !terminal && (!editRoles || actsInAny(editRoles, known));
  const others = known
    ? transitions
        .filter(t => !actsInAny(t.roles, known))
        .map(t => ({
          key: `${t.action}-${t.to}`,
          text: `${t.label}: ${whoCan(t.roles, known.roles)}`,
        }))
    : [];
  if (known && !terminal && editRoles && !editable) {
    others.push({
      key: 'edit',
      text: `Edit: ${whoCan(editRoles, known.roles)}`,
    });
  }

  const runTransition = async (body: TransitionBody) => {
    await post(body);
    setDialog(undefined);
    setFailure(undefined);
  };

  /** "Assign to me": the transition that takes an assignee, else an update. */
  const takeIt = async () => {
    const me = identity.value?.userEntityRef;
    if (!take || !me) return;
    setFailure(undefined);
    setBusy(true);
    try {
      if (take.kind === 'transition') {
        await runTransition({
          to: take.transition.to,
          version: record.version,
          assignee: me,
        });
      } else {
        await api.updateRecord(type, record.key, {
          version: record.version,
          assignee: me,
        } as never);
        refreshRecord();
      }
    } catch (e) {
      setFailure({ message: messageOf(e), conflict: isConflict(e) });
    } finally {
      setBusy(false);
    }
  };

  const start = async (transition: TransitionDef) => {
    setFailure(undefined);
    if (transitionInputs(type, transition).length > 0) {
      setDialog(transition);
      return;
    }
    setBusy(true);
    try {
      await runTransition({ to: transition.to, version: record.version });
    } catch (e) {
      setFailure({ message: messageOf(e), conflict: isConflict(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        mb={2}
        style={{ gap: 8 }}
      >
        <StateChip type={type} state={record.state} />
        {recordTypeDescriptor(type).headerChips?.(record)}
        <Box flexGrow={1} />
        <Box
          display="flex"
          flexWrap="wrap"
          style={{ gap: 8 }}
          role="group"
          aria-label="Actions"
        >
          {offered.map(transition => (
            <Button
              key={`${transition.action}-${transition.to}`}
              variant="outlined"
              color="primary"
              disabled={busy}
              onClick={() => start(transition)}
            >
              {transition.label}
            </Button>
          ))}
          {take && (
            <Button
              variant="contained"
              color="primary"
              disabled={busy}
              onClick={takeIt}
            >
              Assign to me
            </Button>
          )}
          {editable && (
            <LinkButton
              to={paths.edit(type, record.key)}
              startIcon={<EditIcon />}
              variant="text"
            >
              Edit
            </LinkButton>
          )}
        </Box>
      </Box>
      {!terminal && roles.loading && (
        <Typography variant="body2" role="status">
          Checking your roles on {record.key}…
        </Typography>
      )}
      {!terminal && !roles.loading && roles.error && (
        <ErrorBanner
          title="Could not read your roles; no step is offered"
          message={messageOf(roles.error)}
          actions={
            <Button size="small" variant="outlined" onClick={roles.retry}>
              Retry
            </Button>
          }
        />
      )}
      <TakenByOthers lines={others} />
      {waiting.map(w => (
        <Typography key={w.key} variant="body2" paragraph>
          {w.label} is not offered yet: {w.awaited}.
        </Typography>
      ))}
      {terminal && (
        <Typography variant="body2" paragraph>
          This {singularInText(info.singular)} has ended ({record.state}); it
          can no longer be changed.
        </Typography>
      )}
      {failure && (
        <ErrorBanner
          title={
            failure.conflict
              ? 'The server refused this step'
              : 'Could not change the state'
          }
          message={failure.message}
          actions={
            failure.conflict ? (
              <Button
                size="small"
                variant="outlined"
                onClick={() => {
                  setFailure(undefined);
                  refreshRecord();
                }}
              >
                Reload
              </Button>
            ) : undefined
          }
        />
      )}
      {dialog && (
        <TransitionDialog
          type={type}
          record={record}
          transition={dialog}
          onSubmit={runTransition}
          onClose={() => setDialog(undefined)}
          onReload={() => {
            setDialog(undefined);
            refreshRecord();
          }}
        />
      )}
    </>
  );
};
