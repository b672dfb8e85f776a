/**
 * What a record form is made of. Each record type declares its form as data
 * (`types/<type>.ts`): groups of fields, the values of a new record, and
 * any last touch of the request body. The generic form renders the groups,
 * `mapping.ts` turns values into the API body and back, and the shared zod
 * schemas of itsm-common validate that body.
 */

/** A task row of the change form. */
export interface TaskValue {
  kind: string;
  title: string;
  done: boolean;
}

/** The value of one input. */
export type FieldValue = string | boolean | TaskValue[];

/**
 * The values of a form, nested like the API body: the input
 * `outage.kind` is `values.outage.kind`.
 */
export type FormValues = Record<string, unknown>;

export type FieldKind =
  | 'text'
  | 'multiline'
  | 'select'
  /** The standard change catalogue (TemplateSelect). */
  | 'template'
  | 'checkbox'
  | 'datetime'
  | 'number'
  | 'refs'
  | 'lines'
  | 'tasks';

/** One input of a record form. `name` is the JSON path, dotted for nested fields. */
export interface FormField {
  name: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  required?: boolean;
  /** The API takes null to clear it. */
  nullable?: boolean;
  helperText?: string;
  /** Only set when creating (the update schema does not take it). */
  createOnly?: boolean;
  /** Shown only when this holds for the current values. */
  showIf?: (values: FormValues) => boolean;
  /**
   * A `text` input holding the ref of a catalog entity of this kind
   * (`Group`, `User`): picked from the catalog (EntityPicker).
   */
  entityKind?: string;
}

/** Inputs shown together under a heading. */
export interface FormGroup {
  title: string;
  fields: FormField[];
}

export type FormMode = 'create' | 'edit';

/** The form of one record type. */
export interface RecordFormDef {
  groups: FormGroup[];
  /** Values of a new record other than empty inputs, by field name. */
  defaults?: Record<string, FieldValue>;
  /**
   * A last touch of the request body after each field has been mapped,
   * for fields that only make sense together (the incident's outage).
   */
  finishBody?: (body: Record<string, unknown>, mode: FormMode) => void;
}
