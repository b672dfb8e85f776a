import { ItsmRecordType } from '@backstage-itsm/plugin-itsm-common';
import { FormField, FormGroup, FormMode, RecordFormDef } from '../model';
import { changeForm } from './change';
import { incidentForm } from './incident';
import { problemForm } from './problem';
import { releaseForm } from './release';
import { slaForm } from './sla';

/** The form of every record type. */
export const FORM_DEFS: Record<ItsmRecordType, RecordFormDef> = {
  incidents: incidentForm,
  problems: problemForm,
  changes: changeForm,
  releases: releaseForm,
  slas: slaForm,
};

/** The groups of inputs of a record type, for creating or editing. */
export function formGroups(type: ItsmRecordType, mode: FormMode): FormGroup[] {
  return FORM_DEFS[type].groups
    .map(group => ({
      ...group,
      fields: group.fields.filter(f => mode === 'create' || !f.createOnly),
    }))
    .filter(group => group.fields.length > 0);
}

/** Every input of a record type, for creating or editing. */
export function formFields(type: ItsmRecordType, mode: FormMode): FormField[] {
  return formGroups(type, mode).flatMap(group => group.fields);
}
