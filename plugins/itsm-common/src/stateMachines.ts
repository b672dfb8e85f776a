/**
 * The state machines of the record types. The data lives in `./machines`, one
 * file per record type; this module keeps the old import path working.
 */
export * from './machines';
