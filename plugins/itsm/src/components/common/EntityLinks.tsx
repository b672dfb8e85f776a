import { Link } from '@backstage/core-components';
import { parseEntityRef } from '@backstage/catalog-model';
import { Typography } from '@material-ui/core';
import { Fragment } from 'react';
import { catalogEntityPath } from './paths';

const CATALOG_KINDS = [
  'component',
  'api',
  'system',
  'domain',
  'resource',
  'group',
  'user',
  'location',
  'template',
];

/** The actor of writes the backend makes on its own. */
const SYSTEM_ACTORS: Record<string, string> = {
  'itsm:system': 'ITSM (automatic)',
};

function parse(ref: string) {
  try {
    const parsed = parseEntityRef(ref);
    if (!CATALOG_KINDS.includes(parsed.kind.toLocaleLowerCase('en-US'))) {
      return undefined;
    }
    return parsed;
  } catch {
    return undefined;
  }
}

/**
 * Short text of an entity ref: `component:payments-api`, or without kind
 * (`jane`) for people and when asked.
 */
export function humanizeRef(ref: string, options: { hideKind?: boolean } = {}) {
  if (SYSTEM_ACTORS[ref]) return SYSTEM_ACTORS[ref];
  const parsed = parse(ref);
  if (!parsed) return ref;
  const kind = parsed.kind.toLocaleLowerCase('en-US');
  const namespace =
    parsed.namespace && parsed.namespace !== 'default'
      ? `${parsed.namespace}/`
      : '';
  const hideKind = options.hideKind || kind === 'user';
  return `${hideKind ? '' : `${kind}:`}${namespace}${parsed.name}`;
}

/**
 * A link to the catalog page of an entity (`/catalog/:namespace/:kind/:name`),
 * or plain text for refs that are no catalog entity. Underlined, so that it
 * stands out in running text by more than its colour.
 */
export const EntityLink = (props: {
  entityRef: string;
  hideKind?: boolean;
}) => {
  const { entityRef, hideKind } = props;
  const parsed = parse(entityRef);
  const text = humanizeRef(entityRef, { hideKind });
  if (!parsed) return <>{text}</>;
  // A line may break after the kind ("component:" / "checkout-web") rather
  // than inside the name.
  const colon = text.indexOf(':') + 1;
  return (
    <Link
      to={catalogEntityPath({
        kind: parsed.kind,
        namespace: parsed.namespace ?? 'default',
        name: parsed.name,
      })}
      title={entityRef}
      underline="always"
    >
      {colon > 0 ? (
        <>
          {text.slice(0, colon)}
          <wbr />
          {text.slice(colon)}
        </>
      ) : (
        text
      )}
    </Link>
  );
};

/** A comma separated list of entity links; an em dash when empty. */
export const EntityLinks = (props: {
  entityRefs: readonly string[] | null | undefined;
  max?: number;
}) => {
  const refs = props.entityRefs ?? [];
  if (refs.length === 0) return <>—</>;
  const shown = props.max ? refs.slice(0, props.max) : refs;
  const rest = refs.length - shown.length;
  return (
    <>
      {shown.map((ref, i) => (
        <Fragment key={ref}>
          {i > 0 && ', '}
          <EntityLink entityRef={ref} />
        </Fragment>
      ))}
      {rest > 0 && (
        <Typography component="span" variant="body2" color="textSecondary">
          {' '}
          and {rest} more
        </Typography>
      )}
    </>
  );
};

/** An optional single entity ref (assigned group, assignee). */
export const OptionalEntityLink = (props: { entityRef?: string | null }) =>
  props.entityRef ? <EntityLink entityRef={props.entityRef} /> : <>—</>;
