import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  LinkButton,
  MarkdownContent,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  availableTransitions,
  isItsmRecordType,
  isTerminalState,
  ITSM_RECORD_TYPE_INFO,
  ItsmApproval,
  ItsmRecord,
  ItsmRecordLink,
  ItsmRecordType,
  TransitionDef,
} from '@backstage-itsm/plugin-itsm-common';
import {
  Box,
  Button,
  Grid,
  LinearProgress,
  Typography,
} from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { ChangeAssessment } from '../../api';
import { itsmApiRef, TransitionBody } from '../../api';
import { ErrorBanner } from '../common/ErrorBanner';
import { isConflict, messageOf, statusOf } from '../common/errors';
import { singularInText } from '../common/format';
import { useItsmPaths, useItsmRoot } from '../common/paths';
import { PriorityChip, StateChip } from '../common/StateChip';
import { UnknownTypePage } from '../common/UnknownTypePage';
import {
  SlaAvailabilityCard,
  SlaReportCard,
  SlaTargetsCard,
} from '../sla/SlaCards';
import { ApprovalsCard } from './ApprovalsCard';
import { AssessmentCard } from './AssessmentCard';
import { CommentsCard } from './CommentsCard';
import { HistoryCard } from './HistoryCard';
import { LinksCard } from './LinksCard';
import { commonRows, FieldList, RecordTexts, typeRows } from './RecordFields';
import { SignaturesCard } from './SignaturesCard';
import { SlaClocksCard } from './SlaClocksCard';
import { TransitionDialog } from './TransitionDialog';
import { transitionInputs } from './transitionForm';

type Detail = ItsmRecord & {
  links?: ItsmRecordLink[];
  approvals?: ItsmApproval[];
  assessment?: ChangeAssessment | null;
};

const RecordDetail = (props: { type: ItsmRecordType; recordKey: string }) => {
  const { type, recordKey } = props;
  const info = ITSM_RECORD_TYPE_INFO[type];
  const api = useApi(itsmApiRef);
  const paths = useItsmPaths();
  const root = useItsmRoot();
  const { value, loading, error, retry } = useAsyncRetry(
    async () => (await api.getRecord(type, recordKey)) as Detail,
    [api, type, recordKey],
  );
  const [refreshToken, setRefreshToken] = useState(0);
  const [dialog, setDialog] = useState<TransitionDef>();
  const [failure, setFailure] = useState<{
    message: string;
    conflict: boolean;
  }>();
  const [busy, setBusy] = useState(false);

  const reloadAll = () => {
    retry();
    setRefreshToken(t => t + 1);
  };

  const page = (title: string, children: JSX.Element) => (
    <Page themeId="tool">
      <Header title={title} type={info.singular} typeLink={paths.list(type)} />
      <Content>{children}</Content>
    </Page>
  );

  if (!value) {
    if (loading || (!error && !value)) {
      return page(recordKey, <Progress aria-label={`Loading ${recordKey}`} />);
    }
    if (statusOf(error) === 404) {
      return page(
        recordKey,
        <EmptyState
          missing="data"
          title={`No ${singularInText(info.singular)} ${recordKey}`}
          description="It does not exist, or you are not allowed to see it."
          action={
            <Link to={paths.list(type)}>
              Back to {singularInText(info.plural)}
            </Link>
          }
        />,
      );
    }
    return page(
      recordKey,
      <>
        <ResponseErrorPanel
          error={error!}
          title={`Could not load ${recordKey}`}
        />
        <Button variant="outlined" onClick={retry}>
          Try again
        </Button>
      </>,
    );
  }

  const record = value;
  const transitions = availableTransitions(
    type,
    record as unknown as { state: string } & Record<string, unknown>,
  );
  const terminal = isTerminalState(type, record.state);

  const runTransition = async (body: TransitionBody) => {
    await api.transition(type, record.key, body);
    setDialog(undefined);
    setFailure(undefined);
    reloadAll();
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
    <Page themeId="tool">
      <Header
        title={`${record.key}: ${record.title}`}
        pageTitleOverride={`${record.key} ${record.title}`}
        type={info.singular}
        typeLink={paths.list(type)}
      />
      <Content>
        {loading && <LinearProgress aria-label={`Reloading ${record.key}`} />}
        <Box
          display="flex"
          flexWrap="wrap"
          alignItems="center"
          mb={2}
          style={{ gap: 8 }}
        >
          <StateChip type={type} state={record.state} />
          {record.type === 'incidents' && (
            <PriorityChip priority={record.priority} />
          )}
          <Box flexGrow={1} />
          <Box
            display="flex"
            flexWrap="wrap"
            style={{ gap: 8 }}
            role="group"
            aria-label="Actions"
          >
            {transitions.map(transition => (
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
            {!terminal && (
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
        {terminal && (
          <Typography variant="body2" color="textSecondary" paragraph>
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
                    reloadAll();
                  }}
                >
                  Reload
                </Button>
              ) : undefined
            }
          />
        )}
        <Grid container spacing={3}>
          <Grid item xs={12} md={8}>
            <Grid container spacing={3} direction="column" wrap="nowrap">
              <Grid item>
                <InfoCard title="Details">
                  {record.description ? (
                    <MarkdownContent content={record.description} />
                  ) : (
                    <Typography variant="body2" color="textSecondary" paragraph>
                      No description.
                    </Typography>
                  )}
                  <Box mt={2}>
                    <FieldList
                      rows={[...commonRows(record), ...typeRows(record, root)]}
                    />
                  </Box>
                  <RecordTexts record={record} />
                </InfoCard>
              </Grid>
              {record.type === 'changes' && (
                <Grid item>
                  <ApprovalsCard
                    api={api}
                    change={record}
                    refreshToken={refreshToken}
                    onDecided={reloadAll}
                  />
                </Grid>
              )}
              {record.type === 'changes' && (
                <Grid item>
                  <AssessmentCard
                    assessment={record.assessment}
                    approvals={record.approvals}
                    plannedStart={record.plannedStart}
                  />
                </Grid>
              )}
              {record.type === 'slas' && (
                <Grid item>
                  <SignaturesCard api={api} sla={record} onSigned={reloadAll} />
                </Grid>
              )}
              {record.type === 'slas' && (
                <>
                  <Grid item>
                    <SlaTargetsCard sla={record} />
                  </Grid>
                  <Grid item>
                    <SlaAvailabilityCard api={api} sla={record} />
                  </Grid>
                  <Grid item>
                    <SlaReportCard api={api} sla={record} />
                  </Grid>
                </>
              )}
              <Grid item>
                <CommentsCard
                  api={api}
                  type={type}
                  recordKey={record.key}
                  refreshToken={refreshToken}
                  onCommented={() => setRefreshToken(t => t + 1)}
                />
              </Grid>
            </Grid>
          </Grid>
          <Grid item xs={12} md={4}>
            <Grid container spacing={3} direction="column" wrap="nowrap">
              {record.type === 'incidents' && (
                <Grid item>
                  <SlaClocksCard
                    api={api}
                    incidentKey={record.key}
                    refreshToken={refreshToken}
                  />
                </Grid>
              )}
              <Grid item>
                <LinksCard
                  api={api}
                  type={type}
                  recordKey={record.key}
                  links={record.links ?? []}
                  onChanged={reloadAll}
                />
              </Grid>
              <Grid item>
                <HistoryCard
                  api={api}
                  type={type}
                  recordKey={record.key}
                  refreshToken={refreshToken}
                />
              </Grid>
            </Grid>
          </Grid>
        </Grid>
        {dialog && (
          <TransitionDialog
            type={type}
            record={record}
            transition={dialog}
            onSubmit={runTransition}
            onClose={() => setDialog(undefined)}
            onReload={() => {
              setDialog(undefined);
              reloadAll();
            }}
          />
        )}
      </Content>
    </Page>
  );
};

/** One record, at `/itsm/:recordType/:key`. */
export const RecordDetailPage = () => {
  const { recordType, key } = useParams();
  if (!isItsmRecordType(recordType) || !key) {
    return <UnknownTypePage recordType={recordType} />;
  }
  return (
    <RecordDetail
      key={`${recordType}/${key}`}
      type={recordType}
      recordKey={key}
    />
  );
};
