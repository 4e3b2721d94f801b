// Limits Chert documents; every check, UI hint and error text reads them from here.
export const MAX_PARTS = 10;
export const MAX_RECIPIENTS = 31;
export const E164_EXAMPLE = '+14155550123';
/** Chert's limit for one uploaded attachment. */
export const MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024;
export { EDIT_WINDOW_MINUTES } from '../../shared/transport/limits';
/** Get Messages: Chert answers with at most this many of a chat's newest messages (no paging yet). */
export const MESSAGE_HISTORY_LIMIT = 200;
/** Event → List: Chert's page size, 1 to this many events per request (default 50). */
export const EVENTS_PAGE_LIMIT = 200;
export const EVENTS_DEFAULT_LIMIT = 50;
