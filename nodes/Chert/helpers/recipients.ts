import { parseList } from './lists';

/** Reads the "To" field: phone numbers, as any list field is read. */
export const parseRecipients = parseList;
