// The catalog is one object, addressed by this name.
export const CATALOG_NAME = "catalog";
