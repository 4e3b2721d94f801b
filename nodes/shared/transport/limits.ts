/** Chert edits a message only this long after sending it (the transport's hints say so too). */
export const EDIT_WINDOW_MINUTES = 15;
