import { Route, Routes } from 'react-router-dom';
import {
  cabMeetingRouteRef,
  calendarRouteRef,
  editRecordRouteRef,
  listRouteRef,
  myWorkRouteRef,
  newRecordRouteRef,
  recordRouteRef,
  releaseManagementRouteRef,
} from '../routes';
import { ChangeCalendarPage } from './changes/calendar/ChangeCalendarPage';
import { useFocusOutline } from './common/focusOutline';
import { UnknownTypePage } from './common/UnknownTypePage';
import { RecordDetailPage } from './detail/RecordDetailPage';
import { RecordFormPage } from './form/RecordFormPage';
import { ItsmHomePage } from './home/ItsmHomePage';
import { RecordListPage } from './list/RecordListPage';
import { CabMeetingPage } from './releases/CabMeetingPage';
import { MyWorkPage } from './work/MyWorkPage';
import { ReleaseManagementPage } from './releases/ReleaseManagementPage';

/**
 * All ITSM pages below the plugin's mount point (`rootRouteRef`), one route
 * per sub-route ref of `routes.ts`:
 *
 * - `/` the home with the process figures,
 * - `/calendar` the change calendar (`?view=&date=&entityRef=`),
 * - `/release-management` a service's backlog and CAB meetings (`?service=`),
 * - `/cab-meetings/:key` the board of a CAB meeting,
 * - `/my-work` the caller's work (`?section=assigned|groups|approvals|signatures`),
 * - `/:recordType` the list of a record type (filters in the query string),
 * - `/:recordType/new` the create form (`?entityRef=` prefills entities),
 * - `/:recordType/:key` a record,
 * - `/:recordType/:key/edit` the edit form.
 *
 * Pages link to each other through the route refs (`useItsmPaths`), so the
 * same tree works under the legacy and the new frontend system, wherever the
 * app mounts it.
 */
export const ItsmRouter = () => {
  // Every page of the plugin shows keyboard focus as an outline.
  useFocusOutline();
  return (
    <Routes>
      <Route path="/" element={<ItsmHomePage />} />
      <Route path={calendarRouteRef.path} element={<ChangeCalendarPage />} />
      <Route
        path={releaseManagementRouteRef.path}
        element={<ReleaseManagementPage />}
      />
      <Route path={cabMeetingRouteRef.path} element={<CabMeetingPage />} />
      <Route path={myWorkRouteRef.path} element={<MyWorkPage />} />
      <Route path={listRouteRef.path} element={<RecordListPage />} />
      <Route
        path={newRecordRouteRef.path}
        element={<RecordFormPage mode="create" />}
      />
      <Route path={recordRouteRef.path} element={<RecordDetailPage />} />
      <Route
        path={editRecordRouteRef.path}
        element={<RecordFormPage mode="edit" />}
      />
      <Route path="*" element={<UnknownTypePage />} />
    </Routes>
  );
};
