import { Route, Routes } from 'react-router-dom';
import { ChangeCalendarPage } from './calendar/ChangeCalendarPage';
import { UnknownTypePage } from './common/UnknownTypePage';
import { RecordDetailPage } from './detail/RecordDetailPage';
import { RecordFormPage } from './form/RecordFormPage';
import { ItsmHomePage } from './ItsmHomePage';
import { RecordListPage } from './list/RecordListPage';

/**
 * All ITSM pages below the plugin's mount point:
 *
 * - `/` the home with the process figures,
 * - `/calendar` the change calendar (`?view=&date=&entityRef=`),
 * - `/:recordType` the list of a record type (filters in the query string),
 * - `/:recordType/new` the create form (`?entityRef=` prefills entities),
 * - `/:recordType/:key` a record,
 * - `/:recordType/:key/edit` the edit form.
 *
 * Every page is a direct child route, so links between them are computed
 * from the mount point and the same tree works under the legacy and the new
 * frontend system, wherever the app mounts it.
 */
export const ItsmRouter = () => (
  <Routes>
    <Route path="/" element={<ItsmHomePage />} />
    <Route path="/calendar" element={<ChangeCalendarPage />} />
    <Route path="/:recordType" element={<RecordListPage />} />
    <Route path="/:recordType/new" element={<RecordFormPage mode="create" />} />
    <Route path="/:recordType/:key" element={<RecordDetailPage />} />
    <Route
      path="/:recordType/:key/edit"
      element={<RecordFormPage mode="edit" />}
    />
    <Route path="*" element={<UnknownTypePage />} />
  </Routes>
);
