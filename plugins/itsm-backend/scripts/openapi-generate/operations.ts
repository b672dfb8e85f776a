import {
  MediaTypeObject,
  Operation,
  ParameterObject,
  upperFirst,
} from './document';
import { docComment, propertyName, TypeWriter, union } from './typescript';

/** The name of the type describing an operation, e.g. `GetRecord`. */
export function operationTypeName(op: Operation): string {
  return upperFirst(op.operationId);
}

/**
 * Path and query parameters of an operation. Header parameters (such as
 * `Idempotency-Key`) are validated by the router from the document and read
 * by the handler from the request; they are not part of the typed
 * parameters. Cookies are refused.
 */
export function parametersByLocation(op: Operation): {
  path: ParameterObject[];
  query: ParameterObject[];
} {
  const unsupported = op.parameters.filter(
    p => p.in !== 'path' && p.in !== 'query' && p.in !== 'header',
  );
  if (unsupported.length > 0) {
    throw new Error(
      `${op.operationId}: ${unsupported
        .map(p => `${p.in} parameter ${p.name}`)
        .join(', ')} not supported by the generator`,
    );
  }
  return {
    path: op.parameters.filter(p => p.in === 'path'),
    query: op.parameters.filter(p => p.in === 'query'),
  };
}

/** `{ name?: type; ... }` for a list of parameters. */
export function parametersType(
  writer: TypeWriter,
  parameters: ParameterObject[],
): string {
  const members = parameters.map(
    p =>
      `${docComment(p.description, { deprecated: p.deprecated })}${propertyName(
        p.name,
      )}${p.required || p.in === 'path' ? '' : '?'}: ${writer.type(p.schema)};`,
  );
  return `{\n${members.join('\n')}\n}`;
}

function isJson(mediaType: string): boolean {
  return /^application\/([^;]+\+)?json(;|$)/.test(mediaType.trim());
}

/** The type of a content map: JSON schemas as typed, text as string. */
function contentType(
  writer: TypeWriter,
  content: { [mediaType: string]: MediaTypeObject } | undefined,
): string {
  const entries = Object.entries(content ?? {});
  if (entries.length === 0) return 'void';
  return union(
    entries.map(([mediaType, media]) => {
      if (isJson(mediaType)) return writer.type(media.schema);
      if (mediaType.startsWith('text/')) return 'string';
      return 'unknown';
    }),
  );
}

/** The type of the request body, or undefined when the operation takes none. */
export function requestBodyType(
  writer: TypeWriter,
  op: Operation,
): string | undefined {
  if (!op.requestBody) return undefined;
  const content = op.requestBody.content ?? {};
  const json = Object.keys(content).filter(isJson);
  return contentType(
    writer,
    json.length > 0
      ? Object.fromEntries(
          json.map(mediaType => [mediaType, content[mediaType]]),
        )
      : content,
  );
}

/**
 * The type of the response bodies: of every documented status for the
 * server (as Backstage's generator does), of the 2xx ones for the client.
 */
export function responseType(
  writer: TypeWriter,
  op: Operation,
  which: 'all' | 'success',
): string {
  const responses = op.responses.filter(
    r => which === 'all' || /^2\d\d$/.test(r.status),
  );
  if (responses.length === 0) return 'void';
  return union(responses.map(r => contentType(writer, r.response.content)));
}

/** The description of an operation: summary, then description. */
export function operationDescription(op: Operation): string | undefined {
  const text = [op.summary, op.description].filter(Boolean).join('\n\n');
  return text || undefined;
}
