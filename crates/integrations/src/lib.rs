//! Connectors, model providers, secrets, documents and retrieval (built by later issues).
