//! A BERT sentence-embedding model (such as all-MiniLM-L6-v2) run on the CPU with candle:
//! the mean of its last layer's token vectors, over the tokens that are not padding,
//! normalised to length one — as sentence-transformers computes it.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use sha2::{Digest, Sha256};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use super::{Embedder, EmbeddingError};

/// How many word pieces of a text count when the model's directory does not say: what
/// all-MiniLM-L6-v2 was trained with.
const DEFAULT_MAX_TOKENS: usize = 256;
/// Texts embedded together; larger batches pad short texts to long ones.
const BATCH: usize = 16;

pub struct LocalEmbedder {
    name: String,
    model: BertModel,
    tokenizer: Tokenizer,
}

impl LocalEmbedder {
    pub fn load(dir: &Path) -> Result<Self, EmbeddingError> {
        let failed = |reason: String| EmbeddingError::Load {
            dir: dir.display().to_string(),
            reason,
        };
        let read =
            |file: &str| std::fs::read(dir.join(file)).map_err(|e| failed(format!("{file}: {e}")));
        // Vectors compare only when every file that makes them is the same: the name carries a
        // digest of them all, and of the length of text embedded.
        let mut digest = Sha256::new();
        let config_file = read("config.json")?;
        digest.update(&config_file);
        let config: Config = serde_json::from_slice(&config_file)
            .map_err(|e| failed(format!("config.json: {e}")))?;
        let max_tokens = sentence_length(dir).unwrap_or(DEFAULT_MAX_TOKENS);
        digest.update(max_tokens.to_le_bytes());
        let tokenizer_file = read("tokenizer.json")?;
        digest.update(&tokenizer_file);
        let mut tokenizer = Tokenizer::from_bytes(tokenizer_file)
            .map_err(|e| failed(format!("tokenizer.json: {e}")))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens.min(config.max_position_embeddings),
                ..TruncationParams::default()
            }))
            .map_err(|e| failed(format!("tokenizer.json: {e}")))?;
        let weights = read("model.safetensors")?;
        digest.update(&weights);
        let digest = hex::encode(&digest.finalize()[..6]);
        let weights = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .map_err(|e| failed(format!("model.safetensors: {e}")))?;
        let model = BertModel::load(weights, &config)
            .map_err(|e| failed(format!("model.safetensors: {e}")))?;
        let directory = dir
            .file_name()
            .map_or_else(|| "model".to_owned(), |n| n.to_string_lossy().into_owned());
        let name = format!("{directory}@{digest}");
        Ok(LocalEmbedder {
            name,
            model,
            tokenizer,
        })
    }

    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, candle_core::Error> {
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| candle_core::Error::Msg(e.to_string()))?;
        let column =
            |pick: fn(&tokenizers::Encoding) -> &[u32]| -> Result<Tensor, candle_core::Error> {
                let rows = encodings
                    .iter()
                    .map(|encoding| Tensor::new(pick(encoding), &Device::Cpu))
                    .collect::<Result<Vec<_>, _>>()?;
                Tensor::stack(&rows, 0)
            };
        let ids = column(tokenizers::Encoding::get_ids)?;
        let types = column(tokenizers::Encoding::get_type_ids)?;
        let mask = column(tokenizers::Encoding::get_attention_mask)?;
        let tokens = self.model.forward(&ids, &types, Some(&mask))?;
        // Mean over the tokens that are text, not padding.
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = tokens.broadcast_mul(&mask)?.sum(1)?;
        let counted = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
        let mean = summed.broadcast_div(&counted)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        mean.broadcast_div(&norms)?.to_vec2::<f32>()
    }
}

/// `max_seq_length` of the directory's `sentence_bert_config.json`, where there is one.
fn sentence_length(dir: &Path) -> Option<usize> {
    let text = std::fs::read(dir.join("sentence_bert_config.json")).ok()?;
    let config: serde_json::Value = serde_json::from_slice(&text).ok()?;
    config.get("max_seq_length")?.as_u64()?.try_into().ok()
}

impl Embedder for LocalEmbedder {
    fn model(&self) -> &str {
        &self.name
    }

    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbeddingError> {
        // Texts of like length are batched together, so little of a batch is padding.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&at| texts[at].len());
        let mut vectors = vec![Vec::new(); texts.len()];
        for batch in order.chunks(BATCH) {
            let batch_texts: Vec<&str> = batch.iter().map(|&at| texts[at]).collect();
            let embedded = self
                .embed_batch(&batch_texts)
                .map_err(|e| EmbeddingError::Embed(e.to_string()))?;
            for (&at, vector) in batch.iter().zip(embedded) {
                vectors[at] = vector;
            }
        }
        Ok(vectors)
    }
}
