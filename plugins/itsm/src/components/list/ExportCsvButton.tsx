import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { Box, Button, CircularProgress } from '@material-ui/core';
import GetAppIcon from '@material-ui/icons/GetApp';
import { useState } from 'react';
import { itsmApiRef, ListQuery } from '../../api';
import { saveBlob } from '../common/saveBlob';

/**
 * Downloads the whole list (its filters and order, every page) as CSV. The
 * file comes through the API client, with the signed-in user's token, and
 * is saved from a Blob; the button is busy while the server writes it, and
 * a failure is shown under it.
 */
export const ExportCsvButton = (props: {
  type: ItsmRecordType;
  query: ListQuery;
  /** What the list holds, in text: "incidents". */
  label: string;
}) => {
  const { type, query, label } = props;
  const api = useApi(itsmApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const download = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const blob = await api.downloadRecordsCsv(type, query);
      const day = new Date().toISOString().slice(0, 10);
      saveBlob(blob, `${type}-${day}.csv`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        variant="outlined"
        style={{ marginLeft: 16 }}
        disabled={busy}
        aria-busy={busy}
        onClick={download}
        startIcon={
          busy ? (
            <CircularProgress size={16} aria-hidden="true" />
          ) : (
            <GetAppIcon />
          )
        }
      >
        {busy ? 'Exporting…' : 'Export CSV'}
      </Button>
      {error && (
        <Box width="100%" mt={1}>
          <ResponseErrorPanel
            error={error}
            title={`Could not export the ${label}`}
          />
        </Box>
      )}
    </>
  );
};
