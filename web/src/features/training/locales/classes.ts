// Texts of the training pages (classes part). Filled in by the part's pages.
export const zh = {};
export const en: typeof zh = {};
