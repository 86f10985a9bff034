//! Sentence embeddings for semantic search: a passage or a query becomes a unit vector, and
//! passages whose vectors lie close to a query's vector say what it asks, in whatever words.
//! The search index embeds each passage as it indexes it and each query as it searches.

#[cfg(feature = "local-embeddings")]
mod local;

use std::path::Path;

#[cfg(feature = "local-embeddings")]
pub use local::LocalEmbedder;

#[derive(Debug, thiserror::Error)]
pub enum EmbeddingError {
    #[error("the embedding model in {dir}: {reason}")]
    Load { dir: String, reason: String },
    #[error("embedding text: {0}")]
    Embed(String),
    #[error(
        "an embedding model is configured, but this build of Paddock has no local embeddings: build it with the `local-embeddings` feature"
    )]
    NotBuilt,
}

/// Turns text into vectors of one fixed length, each of length one, so that their dot product
/// is their cosine similarity. Embedding is work for the CPU: call it off the async runtime.
pub trait Embedder: Send + Sync {
    /// The model's name, recorded with the vectors: vectors of different models do not compare.
    fn model(&self) -> &str;
    /// One vector per text, in order.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbeddingError>;
}

/// Loads the sentence-embedding model kept in `dir` (a BERT model in the layout
/// sentence-transformers publishes: `config.json`, `model.safetensors`, `tokenizer.json`).
pub fn load(dir: &Path) -> Result<Box<dyn Embedder>, EmbeddingError> {
    #[cfg(feature = "local-embeddings")]
    {
        Ok(Box::new(LocalEmbedder::load(dir)?))
    }
    #[cfg(not(feature = "local-embeddings"))]
    {
        let _ = dir;
        Err(EmbeddingError::NotBuilt)
    }
}

/// The dot product of two vectors of one length; their cosine similarity when both are unit
/// vectors.
pub fn similarity(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
