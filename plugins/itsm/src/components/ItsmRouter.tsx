import { Route, Routes } from 'react-router-dom';
import { ItsmHomePage } from './ItsmHomePage';
import { RecordTypePage } from './RecordTypePage';

/**
 * All ITSM pages below the plugin's mount point. Links between them are
 * relative, so the same tree works under the legacy and the new frontend
 * system, wherever the app mounts it.
 */
export const ItsmRouter = () => (
  <Routes>
    <Route path="/" element={<ItsmHomePage />} />
    <Route path="/:recordType/*" element={<RecordTypePage />} />
  </Routes>
);
