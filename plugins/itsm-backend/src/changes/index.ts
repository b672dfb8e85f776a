import { ChangeAssessment } from '@backstage-itsm/plugin-itsm-common';
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
  const { assessor } = deps;
  const resolveApprovers: ApproverResolver = async (change, caller) => {
    if (!assessor) return serviceOwnerApprovers(change);
    const assessment =
      (change.data.assessment as ChangeAssessment | undefined) ??
      (await assessor.assess(change, caller.credentials));
    return assessment.approvers;
  };
  return {
    handler: createChangeHandler({
      standardTemplates: deps.standardTemplates,
      assessor,
      resolveApprovers,
    }),
    guards: changeGuards(deps),
    effects: changeEffects({ resolveApprovers }),
  };
}
