import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ChangeAssessment } from '@backstage-itsm/plugin-itsm-common';
import { RecordFacts } from '../engine/types';
import { StandardChangeTemplate } from '../config';
import { ApproverResolver, serviceOwnerApprovers } from './approvals';
import { ChangeAssessor } from './ChangeAssessor';
import { changeEffects } from './effects';
import { changeGuards } from './guards';
import { createChangeHandler } from './handler';

export { ChangeApprovals } from './ChangeApprovals';
export { ChangeAssessor } from './ChangeAssessor';
export { ChangeCalendar } from './ChangeCalendar';
export { FreezeWindowService } from './FreezeWindowService';

/** The change process as the record engine runs it. */
export function changeProcess(deps: {
  standardTemplates: Map<string, StandardChangeTemplate>;
  /** Change assessment from the CMDB; without it the service owners approve. */
  assessor?: ChangeAssessor;
}) {
  const { assessor, standardTemplates } = deps;
  // The template decides: one that skips approval has nobody approve.
  const approvalSkipped = (data: Record<string, unknown>) =>
    data.changeType === 'standard' &&
    !!standardTemplates.get(String(data.template))?.skipApproval;
  const assess = async (
    change: RecordFacts,
    credentials: BackstageCredentials,
  ): Promise<ChangeAssessment | undefined> => {
    const assessment = await assessor?.assess(change, credentials);
    return assessment && approvalSkipped(change.data)
      ? { ...assessment, approvers: [] }
      : assessment;
  };
  const resolveApprovers: ApproverResolver = async (change, caller) => {
    if (approvalSkipped(change.data)) return [];
    const assessment =
      (change.data.assessment as ChangeAssessment | undefined) ??
      (await assess(change, caller.credentials));
    return assessment?.approvers ?? serviceOwnerApprovers(change);
  };
  return {
    handler: createChangeHandler({
      standardTemplates,
      assess,
      approvalSkipped,
      resolveApprovers,
    }),
    guards: changeGuards(deps),
    effects: changeEffects({ resolveApprovers }),
  };
}
