// Texts of the training pages (certificates part). Filled in by the part's pages.
export const zh = {};
export const en: typeof zh = {};
