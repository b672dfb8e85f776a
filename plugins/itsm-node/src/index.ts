/**
 * Extension points and service references for backend modules that extend
 * the ITSM backend plugin.
 *
 * @packageDocumentation
 */

export * from './extensions';
