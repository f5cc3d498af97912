"""The index: schema, building (incremental, crash-safe) and the search layer everyone uses."""
