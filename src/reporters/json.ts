/**
 * @module reporters/json
 * The machine report of every command: the data the command returned, as it is, indented for diffs.
 */
export const formatJson = (data: unknown): string => JSON.stringify(data, null, 2);
