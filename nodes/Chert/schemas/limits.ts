// Limits Chert documents; every check, UI hint and error text reads them from here.
export const MAX_PARTS = 10;
export const MAX_RECIPIENTS = 31;
export const E164_EXAMPLE = '+14155550123';
