//! The durable workflow engine: executor, step kinds and workers (built by the workflow issue).
