//! The passages' embeddings, held in memory for the nearest-neighbour scan of a semantic
//! search. The index stores each passage's vector with it, so a restart reads them back
//! instead of embedding every passage again.

use std::collections::HashMap;

use crate::embeddings::similarity;

/// A passage: its document's id and its ordinal in the document.
pub(super) type PassageKey = (String, u32);

/// A document's passages: (ordinal, unit vector).
type Passages = Vec<(u32, Vec<f32>)>;

#[derive(Default)]
pub(super) struct Vectors {
    /// Knowledge base id → document id → its passages.
    by_base: HashMap<String, HashMap<String, Passages>>,
}

impl Vectors {
    pub(super) fn remove_base(&mut self, base: &str) {
        self.by_base.remove(base);
    }

    /// The document's passages are these now; none removes it.
    pub(super) fn set_document(
        &mut self,
        base: &str,
        document: &str,
        passages: Vec<(u32, Vec<f32>)>,
    ) {
        if passages.is_empty() {
            if let Some(documents) = self.by_base.get_mut(base) {
                documents.remove(document);
            }
            return;
        }
        self.by_base
            .entry(base.to_owned())
            .or_default()
            .insert(document.to_owned(), passages);
    }

    /// Adds one passage, as the index is read back.
    pub(super) fn add(&mut self, base: &str, document: &str, ordinal: u32, vector: Vec<f32>) {
        self.by_base
            .entry(base.to_owned())
            .or_default()
            .entry(document.to_owned())
            .or_default()
            .push((ordinal, vector));
    }

    pub(super) fn clear(&mut self) {
        self.by_base.clear();
    }

    /// The `limit` passages of `bases` whose vectors lie nearest `query`, nearest first, of
    /// those at least `floor` similar (a vector of another length, or that is not a number,
    /// is none).
    pub(super) fn nearest(
        &self,
        bases: &[String],
        query: &[f32],
        floor: f32,
        limit: usize,
    ) -> Vec<PassageKey> {
        let mut scored: Vec<(f32, &str, u32)> = Vec::new();
        for base in bases {
            let Some(documents) = self.by_base.get(base) else {
                continue;
            };
            for (document, passages) in documents {
                for (ordinal, vector) in passages {
                    if vector.len() != query.len() {
                        continue;
                    }
                    let near = similarity(query, vector);
                    if near >= floor {
                        scored.push((near, document, *ordinal));
                    }
                }
            }
        }
        let by_similarity = |a: &(f32, &str, u32), b: &(f32, &str, u32)| {
            b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2)))
        };
        if scored.len() > limit && limit > 0 {
            scored.select_nth_unstable_by(limit - 1, by_similarity);
            scored.truncate(limit);
        }
        scored.sort_by(by_similarity);
        scored
            .into_iter()
            .take(limit)
            .map(|(_, document, ordinal)| (document.to_owned(), ordinal))
            .collect()
    }
}

/// A vector as the index stores it: its numbers, little-endian.
pub(super) fn to_bytes(vector: &[f32]) -> Vec<u8> {
    vector.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub(super) fn from_bytes(bytes: &[u8]) -> Vec<f32> {
    bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ranks_by_similarity_within_the_bases_asked() {
        let mut vectors = Vectors::default();
        vectors.set_document("a", "d1", vec![(0, vec![1.0, 0.0]), (1, vec![0.6, 0.8])]);
        vectors.set_document("a", "d2", vec![(0, vec![0.0, 1.0])]);
        vectors.set_document("b", "d3", vec![(0, vec![1.0, 0.0])]);
        let bases = ["a".to_owned()];
        assert_eq!(
            vectors.nearest(&bases, &[0.8, 0.6], -1.0, 2),
            [("d1".to_owned(), 1), ("d1".to_owned(), 0)]
        );
        assert_eq!(vectors.nearest(&bases, &[0.0, 1.0], -1.0, 10).len(), 3);
        assert_eq!(
            vectors.nearest(&bases, &[0.0, 1.0], 0.5, 10),
            [("d2".to_owned(), 0), ("d1".to_owned(), 1)],
            "none below the floor"
        );
        assert!(
            vectors
                .nearest(&bases, &[f32::NAN, 0.0], -1.0, 10)
                .is_empty()
        );
        assert!(
            vectors
                .nearest(&bases, &[1.0, 0.0, 0.0], -1.0, 10)
                .is_empty()
        );
        vectors.set_document("a", "d1", vec![]);
        assert_eq!(
            vectors.nearest(&bases, &[1.0, 0.0], -1.0, 10),
            [("d2".to_owned(), 0)]
        );
        vectors.remove_base("a");
        assert!(vectors.nearest(&bases, &[1.0, 0.0], -1.0, 10).is_empty());
    }

    #[test]
    fn vectors_round_trip_through_bytes() {
        let vector = vec![0.25, -1.5, f32::MIN_POSITIVE];
        assert_eq!(from_bytes(&to_bytes(&vector)), vector);
    }
}
