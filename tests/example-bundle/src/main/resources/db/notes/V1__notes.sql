-- the example capability's one table, created and versioned by its own schema history (notes_schema_history)
CREATE TABLE example_notes (
    name       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
