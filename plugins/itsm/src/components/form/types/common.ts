import { FormField, FormGroup } from '../model';

/** Title, description and the catalog entities: every record type asks for them first. */
export const basics: FormGroup = {
  title: 'Basics',
  fields: [
    { name: 'title', label: 'Title', kind: 'text', required: true },
    {
      name: 'description',
      label: 'Description',
      kind: 'multiline',
      helperText: 'Markdown',
    },
    {
      name: 'entityRefs',
      label: 'Catalog entities',
      kind: 'refs',
      required: true,
      helperText:
        'Entity refs of the affected CIs, separated by commas or new lines, e.g. component:default/payments-api',
    },
  ],
};

/** The assignment group input. */
export const assignedGroup: FormField = {
  name: 'assignedGroup',
  label: 'Assignment group',
  kind: 'text',
  entityKind: 'Group',
  nullable: true,
  helperText: 'group:namespace/name',
};

/** The assignee input. */
export const assignee: FormField = {
  name: 'assignee',
  label: 'Assignee',
  kind: 'text',
  entityKind: 'User',
  nullable: true,
  helperText: 'user:namespace/name',
};

/** The category input (free text). */
export const category: FormField = {
  name: 'category',
  label: 'Category',
  kind: 'text',
};

/** A markdown text input. */
export const markdown = (
  name: string,
  label: string,
  helperText = 'Markdown',
): FormField => ({ name, label, kind: 'multiline', helperText });
