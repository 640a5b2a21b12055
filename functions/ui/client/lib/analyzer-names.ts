/**
 * Analyzer names by id, from the analyzer options: the progress and results views show a name
 * where a state or an event carries only the id. Filled when the options load.
 */
export const analyzerNames = new Map<string, string>();

/** The name to show for an analyzer: its own when it has one, else the options' name, else its id. */
export const analyzerName = (id: string, name?: string) =>
  name && name !== id ? name : (analyzerNames.get(id) ?? name ?? id);
