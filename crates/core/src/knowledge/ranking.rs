//! Ranking arithmetic: fusing the rankings of several searches, and measuring a ranking against
//! the passages a person judged relevant.

use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

/// The constant of reciprocal rank fusion, as its authors (Cormack, Clarke and Büttcher, 2009)
/// chose it: large enough that the first few places of one ranking do not drown the others.
pub const RRF_K: f64 = 60.0;

/// Reciprocal rank fusion: each item scores the sum over the rankings of `1 / (RRF_K + rank)`
/// (rank from 1); best first, ties in the order items first appeared.
pub fn fuse<T: Clone + Eq + Hash>(rankings: &[Vec<T>]) -> Vec<(T, f64)> {
    let mut scores: HashMap<&T, (f64, usize)> = HashMap::new();
    let mut seen = 0;
    for ranking in rankings {
        for (rank, item) in ranking.iter().enumerate() {
            let entry = scores.entry(item).or_insert_with(|| {
                seen += 1;
                (0.0, seen)
            });
            entry.0 += 1.0 / (RRF_K + (rank + 1) as f64);
        }
    }
    let mut fused: Vec<(&T, f64, usize)> = scores
        .into_iter()
        .map(|(item, (score, first))| (item, score, first))
        .collect();
    fused.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.2.cmp(&b.2)));
    fused
        .into_iter()
        .map(|(item, score, _)| (item.clone(), score))
        .collect()
}

/// The share of the relevant items found among the first `k` of `ranking`; `None` when nothing
/// is relevant.
pub fn recall_at<T: Ord>(ranking: &[T], relevant: &BTreeSet<T>, k: usize) -> Option<f64> {
    if relevant.is_empty() {
        return None;
    }
    let found = ranking
        .iter()
        .take(k)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|item| relevant.contains(item))
        .count();
    Some(found as f64 / relevant.len() as f64)
}

/// Normalised discounted cumulative gain of the first `k` of `ranking`, with binary relevance:
/// 1 when every relevant item leads the ranking, less the lower they sit; `None` when nothing
/// is relevant.
pub fn ndcg_at<T: Ord>(ranking: &[T], relevant: &BTreeSet<T>, k: usize) -> Option<f64> {
    if relevant.is_empty() {
        return None;
    }
    let gain = |position: usize| 1.0 / ((position + 2) as f64).log2();
    let mut counted = BTreeSet::new();
    let dcg: f64 = ranking
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, item)| relevant.contains(item) && counted.insert(*item))
        .map(|(position, _)| gain(position))
        .sum();
    let ideal: f64 = (0..relevant.len().min(k)).map(gain).sum();
    Some(dcg / ideal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&'static str]) -> BTreeSet<&'static str> {
        items.iter().copied().collect()
    }

    #[test]
    fn fusion_rewards_agreement_between_rankings() {
        let lexical = vec!["a", "b", "c"];
        let semantic = vec!["c", "d", "a"];
        let fused = fuse(&[lexical, semantic]);
        let order: Vec<&str> = fused.iter().map(|(item, _)| *item).collect();
        // a: 1/61 + 1/63, c: 1/63 + 1/61 tie, a seen first; then b (1/62) before d (1/62): b first.
        assert_eq!(order, ["a", "c", "b", "d"]);
        assert!((fused[0].1 - (1.0 / 61.0 + 1.0 / 63.0)).abs() < 1e-12);
    }

    #[test]
    fn fusing_one_ranking_keeps_it() {
        let fused = fuse(&[vec![3, 1, 2]]);
        assert_eq!(fused.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [3, 1, 2]);
        assert!(fuse::<u8>(&[]).is_empty());
    }

    #[test]
    fn recall_counts_relevant_items_in_the_first_k() {
        let relevant = set(&["a", "b"]);
        assert_eq!(recall_at(&["a", "x", "b"], &relevant, 2), Some(0.5));
        assert_eq!(recall_at(&["a", "x", "b"], &relevant, 3), Some(1.0));
        assert_eq!(
            recall_at(&["a", "a"], &relevant, 10),
            Some(0.5),
            "a repeat counts once"
        );
        assert_eq!(recall_at(&["a"], &set(&[]), 10), None);
    }

    #[test]
    fn ndcg_is_one_for_an_ideal_ranking_and_falls_as_relevant_items_sink() {
        let relevant = set(&["a"]);
        assert_eq!(ndcg_at(&["a", "x"], &relevant, 10), Some(1.0));
        let second = ndcg_at(&["x", "a"], &relevant, 10).unwrap();
        assert!((second - 1.0 / 3f64.log2()).abs() < 1e-12);
        assert_eq!(ndcg_at(&["x", "y", "a"], &relevant, 2), Some(0.0));
        let two = set(&["a", "b"]);
        assert_eq!(ndcg_at(&["b", "a", "x"], &two, 10), Some(1.0));
    }
}
