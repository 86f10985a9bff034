//! The index of knowledge passages: BM25 over their text and headings, with English stemming,
//! and — when an embedding model is configured — each passage's embedding, so a search finds
//! passages that say what the query asks in other words too; the two rankings are fused.
//! The database is the source of truth; an index only mirrors it and can be rebuilt from it at
//! any time. Each index records, in its commit, how far into each knowledge base's change log
//! it has applied and which model made its vectors, so a node catches up from where it
//! stopped, and a change of model re-embeds everything.

mod vectors;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use paddock_core::knowledge::ranking;
use serde::{Deserialize, Serialize};

use tantivy::collector::TopDocs;
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery, TermSetQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use crate::embeddings::{Embedder, EmbeddingError};
use vectors::{PassageKey, Vectors};

/// What the writer may hold in memory before it writes a segment.
const WRITER_MEMORY_BYTES: usize = 50 * 1024 * 1024;
/// How much of a query is read: a workflow may search with a whole letter.
const MAX_QUERY_CHARS: usize = 10_000;
/// How many distinct words of a query count.
const MAX_QUERY_TERMS: usize = 64;
/// How similar in meaning (cosine) a passage must be to be found by meaning: below it, a
/// sentence-embedding model's neighbours are unrelated text, offered only because something
/// must be nearest.
const MIN_SIMILARITY: f32 = 0.25;
/// Where in its directory the index keeps its files: a change of schema takes a new place, and
/// the index is built again from the database.
const LAYOUT: &str = "v2";

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("the search index is in use by another process (is Paddock running?)")]
    InUse,
    #[error("the search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("the search index directory: {0}")]
    Directory(String),
    #[error("the search index's record of what it holds is unreadable: {0}")]
    Applied(#[from] serde_json::Error),
    #[error("reading the search index: {0}")]
    Read(#[from] std::io::Error),
    #[error(transparent)]
    Embedding(#[from] EmbeddingError),
}

/// What an index records in each commit.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    /// How far into each knowledge base's change log (by id) the index has applied.
    applied: BTreeMap<String, i64>,
    /// The model that made the passages' vectors; none: there are no vectors.
    embedding_model: Option<String>,
}

/// A passage to index, with what a citation needs.
#[derive(Debug, Clone)]
pub struct IndexedPassage {
    pub document_name: String,
    pub ordinal: u32,
    pub first_page: u32,
    pub last_page: u32,
    /// Its range of characters in the document's text.
    pub start: u64,
    pub end: u64,
    pub context: String,
    pub text: String,
}

/// A change to apply to the index.
#[derive(Debug, Clone)]
pub enum Change {
    /// The document's passages are these now (none: it is gone).
    Document {
        knowledge_base: String,
        document: String,
        passages: Vec<IndexedPassage>,
    },
    /// The knowledge base is gone, with all its documents.
    KnowledgeBase(String),
}

/// Part of a passage's text, highlighted where it matches the query.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub text: String,
    pub highlight: bool,
}

/// A passage found, best first.
#[derive(Debug, Clone)]
pub struct Hit {
    pub knowledge_base: String,
    pub document: String,
    pub passage: IndexedPassage,
    pub score: f32,
    pub segments: Vec<Segment>,
}

#[derive(Clone, Copy)]
struct Fields {
    knowledge_base: Field,
    document: Field,
    document_name: Field,
    ordinal: Field,
    first_page: Field,
    last_page: Field,
    start: Field,
    end: Field,
    context: Field,
    text: Field,
    /// `document/ordinal`, to fetch a passage found by its vector.
    passage: Field,
    embedding: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let stemmed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("en_stem")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        knowledge_base: builder.add_text_field("knowledge_base", STRING | STORED),
        document: builder.add_text_field("document", STRING | STORED),
        document_name: builder.add_text_field("document_name", STORED),
        ordinal: builder.add_u64_field("ordinal", STORED),
        first_page: builder.add_u64_field("first_page", STORED),
        last_page: builder.add_u64_field("last_page", STORED),
        start: builder.add_u64_field("start", STORED),
        end: builder.add_u64_field("end", STORED),
        context: builder.add_text_field("context", stemmed.clone()),
        text: builder.add_text_field("text", stemmed),
        passage: builder.add_text_field("passage", STRING),
        embedding: builder.add_bytes_field("embedding", STORED),
    };
    (builder.build(), fields)
}

fn passage_key(document: &str, ordinal: u32) -> String {
    format!("{document}/{ordinal}")
}

/// One node's index of every knowledge base's passages.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
    embedder: Option<Arc<dyn Embedder>>,
    vectors: RwLock<Vectors>,
}

impl SearchIndex {
    /// Opens the index kept in `dir`, creating it when there is none; with an `embedder`,
    /// passages and queries are embedded too. One process at a time may hold it.
    pub fn open(dir: &Path, embedder: Option<Arc<dyn Embedder>>) -> Result<Self, SearchError> {
        let place = dir.join(LAYOUT);
        std::fs::create_dir_all(&place)
            .map_err(|e| SearchError::Directory(format!("{}: {e}", place.display())))?;
        let directory = MmapDirectory::open(&place)
            .map_err(|e| SearchError::Directory(format!("{}: {e}", place.display())))?;
        let (schema, fields) = schema();
        let index = Index::open_or_create(directory, schema)?;
        let opened = Self::with(index, fields, embedder)?;
        remove_first_layout(dir);
        Ok(opened)
    }

    /// An index held in memory only, rebuilt from the database each time the process starts.
    pub fn in_memory(embedder: Option<Arc<dyn Embedder>>) -> Self {
        let (schema, fields) = schema();
        Self::with(Index::create_in_ram(schema), fields, embedder)
            .expect("an index in memory has no lock to contend for")
    }

    /// The model that embeds passages and queries; none: the search is lexical only.
    pub fn embedding_model(&self) -> Option<&str> {
        self.embedder.as_deref().map(Embedder::model)
    }

    fn with(
        index: Index,
        fields: Fields,
        embedder: Option<Arc<dyn Embedder>>,
    ) -> Result<Self, SearchError> {
        let writer = index
            .writer_with_num_threads(1, WRITER_MEMORY_BYTES)
            .map_err(|error| match error {
                tantivy::TantivyError::LockFailure(..) => SearchError::InUse,
                other => SearchError::Index(other),
            })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let opened = SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            embedder,
            vectors: RwLock::new(Vectors::default()),
        };
        if opened.payload()?.embedding_model.as_deref() == opened.embedding_model() {
            opened.load_vectors()?;
        } else {
            // Vectors of another model (or none) do not compare with this one's.
            opened.clear()?;
        }
        Ok(opened)
    }

    fn payload(&self) -> Result<Payload, SearchError> {
        Ok(match self.index.load_metas()?.payload {
            Some(text) => serde_json::from_str(&text)?,
            None => Payload::default(),
        })
    }

    /// How far into each knowledge base's change log (by id) the index has applied.
    pub fn applied(&self) -> Result<BTreeMap<String, i64>, SearchError> {
        Ok(self.payload()?.applied)
    }

    fn commit(
        &self,
        mut writer: std::sync::MutexGuard<'_, IndexWriter>,
        applied: &BTreeMap<String, i64>,
    ) -> Result<(), SearchError> {
        let payload = Payload {
            applied: applied.clone(),
            embedding_model: self.embedding_model().map(str::to_owned),
        };
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&serde_json::to_string(&payload)?);
        commit.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Reads the passages' vectors back from the index.
    fn load_vectors(&self) -> Result<(), SearchError> {
        if self.embedder.is_none() {
            return Ok(());
        }
        let f = self.fields;
        let mut vectors = Vectors::default();
        let searcher = self.reader.searcher();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(1)?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc?;
                let text_of = |field| {
                    doc.get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                };
                let ordinal = doc
                    .get_first(f.ordinal)
                    .and_then(|v| v.as_u64())
                    .unwrap_or(0);
                if let Some(bytes) = doc.get_first(f.embedding).and_then(|v| v.as_bytes()) {
                    vectors.add(
                        text_of(f.knowledge_base),
                        text_of(f.document),
                        u32::try_from(ordinal).unwrap_or(u32::MAX),
                        vectors::from_bytes(bytes),
                    );
                }
            }
        }
        *self.vectors.write().expect("not poisoned") = vectors;
        Ok(())
    }

    /// Each document change's passages embedded, in order; none without an embedder. A
    /// document the model cannot embed is indexed without vectors (found by its words only)
    /// rather than holding up every change behind it.
    fn embed(&self, changes: &[Change]) -> Vec<Vec<Vec<f32>>> {
        let Some(embedder) = &self.embedder else {
            return vec![Vec::new(); changes.len()];
        };
        changes
            .iter()
            .map(|change| match change {
                Change::Document {
                    document, passages, ..
                } if !passages.is_empty() => {
                    let texts: Vec<String> = passages.iter().map(embedded_text).collect();
                    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
                    embedder.embed(&texts).unwrap_or_else(|error| {
                        tracing::warn!(%document, %error, "a document is searched by its words only: its passages could not be embedded");
                        Vec::new()
                    })
                }
                _ => Vec::new(),
            })
            .collect()
    }

    /// Applies `changes` and records `applied` with them, in one commit: a reader sees all of
    /// them or none.
    pub fn apply(
        &self,
        changes: &[Change],
        applied: &BTreeMap<String, i64>,
    ) -> Result<(), SearchError> {
        let embedded = self.embed(changes);
        let mut writer = self.writer.lock().expect("not poisoned");
        if let Err(error) = self.add(&writer, changes, &embedded) {
            // Nothing of a failed apply may ride along with the next commit.
            writer.rollback()?;
            return Err(error);
        }
        // The vectors change with the commit, under the writer: two applies cannot interleave.
        let mut held = self.vectors.write().expect("not poisoned");
        self.commit(writer, applied)?;
        for (change, vectors) in changes.iter().zip(embedded) {
            match change {
                Change::KnowledgeBase(id) => held.remove_base(id),
                Change::Document {
                    knowledge_base,
                    document,
                    passages,
                } => held.set_document(
                    knowledge_base,
                    document,
                    passages.iter().map(|p| p.ordinal).zip(vectors).collect(),
                ),
            }
        }
        Ok(())
    }

    fn add(
        &self,
        writer: &IndexWriter,
        changes: &[Change],
        embedded: &[Vec<Vec<f32>>],
    ) -> Result<(), SearchError> {
        let f = self.fields;
        for (change, vectors) in changes.iter().zip(embedded) {
            match change {
                Change::KnowledgeBase(id) => {
                    writer.delete_term(Term::from_field_text(f.knowledge_base, id));
                }
                Change::Document {
                    knowledge_base,
                    document,
                    passages,
                } => {
                    writer.delete_term(Term::from_field_text(f.document, document));
                    for (at, passage) in passages.iter().enumerate() {
                        let mut doc = TantivyDocument::default();
                        doc.add_text(f.knowledge_base, knowledge_base);
                        doc.add_text(f.document, document);
                        doc.add_text(f.document_name, &passage.document_name);
                        doc.add_u64(f.ordinal, u64::from(passage.ordinal));
                        doc.add_u64(f.first_page, u64::from(passage.first_page));
                        doc.add_u64(f.last_page, u64::from(passage.last_page));
                        doc.add_u64(f.start, passage.start);
                        doc.add_u64(f.end, passage.end);
                        doc.add_text(f.context, &passage.context);
                        doc.add_text(f.text, &passage.text);
                        doc.add_text(f.passage, passage_key(document, passage.ordinal));
                        if let Some(vector) = vectors.get(at) {
                            doc.add_bytes(f.embedding, &vectors::to_bytes(vector));
                        }
                        writer.add_document(doc)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Removes everything, to rebuild from the database.
    pub fn clear(&self) -> Result<(), SearchError> {
        let writer = self.writer.lock().expect("not poisoned");
        writer.delete_all_documents()?;
        self.commit(writer, &BTreeMap::new())?;
        self.vectors.write().expect("not poisoned").clear();
        Ok(())
    }

    /// How many passages the index holds.
    pub fn passages(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The `limit` passages of `knowledge_bases` (by id) that best match `query`, best first.
    /// The query is words, never syntax: whatever it holds (fields, operators, brackets), it is
    /// only the words the index stores that are looked for. With an embedder, the passages
    /// nearest the query's meaning are looked for too, and both rankings fused.
    pub fn search(
        &self,
        knowledge_bases: &[String],
        query: &str,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let query = within_limit(query);
        let terms = self.query_terms(query)?;
        if knowledge_bases.is_empty() || limit == 0 || query.trim().is_empty() {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let mut analyzer = self.analyzer()?;
        let highlighted: HashSet<String> = terms.iter().cloned().collect();
        let mut hit =
            |doc: TantivyDocument, score: f32| self.hit(&doc, score, &mut analyzer, &highlighted);
        let Some(embedder) = &self.embedder else {
            return self
                .lexical(&searcher, knowledge_bases, &terms, limit)?
                .into_iter()
                .map(|(score, address)| Ok(hit(searcher.doc(address)?, score)))
                .collect();
        };
        // Each ranking offers more than is asked for, so the fusion has room to reorder.
        let candidates = (limit * 4).clamp(20, 100);
        let mut found: HashMap<PassageKey, TantivyDocument> = HashMap::new();
        let mut lexical = Vec::new();
        for (_, address) in self.lexical(&searcher, knowledge_bases, &terms, candidates)? {
            let doc: TantivyDocument = searcher.doc(address)?;
            let key = self.key_of(&doc);
            lexical.push(key.clone());
            found.insert(key, doc);
        }
        let nearest = match embedder.embed(&[query]) {
            Ok(mut meaning) => self.vectors.read().expect("not poisoned").nearest(
                knowledge_bases,
                &meaning.pop().unwrap_or_default(),
                MIN_SIMILARITY,
                candidates,
            ),
            Err(error) => {
                tracing::warn!(%error, "a query is searched by its words only: it could not be embedded");
                Vec::new()
            }
        };
        let mut hits = Vec::with_capacity(limit);
        for (key, score) in ranking::fuse(&[lexical, nearest]) {
            if hits.len() == limit {
                break;
            }
            let doc = match found.remove(&key) {
                Some(doc) => doc,
                None => match self.find(&searcher, &key)? {
                    Some(doc) => doc,
                    None => continue,
                },
            };
            hits.push(hit(doc, score as f32));
        }
        Ok(hits)
    }

    /// The BM25 ranking: the `limit` best passages of `knowledge_bases` with any of `terms`.
    fn lexical(
        &self,
        searcher: &Searcher,
        knowledge_bases: &[String],
        terms: &[String],
        limit: usize,
    ) -> Result<Vec<(f32, DocAddress)>, SearchError> {
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let f = self.fields;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(terms.len() * 2);
        for term in terms {
            let in_text = TermQuery::new(
                Term::from_field_text(f.text, term),
                IndexRecordOption::WithFreqs,
            );
            let in_headings = TermQuery::new(
                Term::from_field_text(f.context, term),
                IndexRecordOption::WithFreqs,
            );
            clauses.push((Occur::Should, Box::new(in_text)));
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(in_headings), 0.5)),
            ));
        }
        let matching: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        let within: Box<dyn Query> = Box::new(TermSetQuery::new(
            knowledge_bases
                .iter()
                .map(|id| Term::from_field_text(f.knowledge_base, id)),
        ));
        let query = BooleanQuery::new(vec![(Occur::Must, matching), (Occur::Must, within)]);
        Ok(searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?)
    }

    /// The stored passage found by its vector.
    fn find(
        &self,
        searcher: &Searcher,
        key: &PassageKey,
    ) -> Result<Option<TantivyDocument>, SearchError> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.passage, &passage_key(&key.0, key.1)),
            IndexRecordOption::Basic,
        );
        let top = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        top.first()
            .map(|(_, address)| searcher.doc(*address))
            .transpose()
            .map_err(SearchError::from)
    }

    fn key_of(&self, doc: &TantivyDocument) -> PassageKey {
        let f = self.fields;
        let document = doc
            .get_first(f.document)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let ordinal = doc
            .get_first(f.ordinal)
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        (
            document.to_owned(),
            u32::try_from(ordinal).unwrap_or(u32::MAX),
        )
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: f32,
        analyzer: &mut TextAnalyzer,
        terms: &HashSet<String>,
    ) -> Hit {
        let f = self.fields;
        let text_of = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let number = |field| doc.get_first(field).and_then(|v| v.as_u64()).unwrap_or(0);
        let passage = IndexedPassage {
            document_name: text_of(f.document_name),
            ordinal: u32::try_from(number(f.ordinal)).unwrap_or(u32::MAX),
            first_page: u32::try_from(number(f.first_page)).unwrap_or(u32::MAX),
            last_page: u32::try_from(number(f.last_page)).unwrap_or(u32::MAX),
            start: number(f.start),
            end: number(f.end),
            context: text_of(f.context),
            text: text_of(f.text),
        };
        Hit {
            knowledge_base: text_of(f.knowledge_base),
            document: text_of(f.document),
            segments: highlight(analyzer, &passage.text, terms),
            passage,
            score,
        }
    }

    fn analyzer(&self) -> Result<TextAnalyzer, SearchError> {
        Ok(self.index.tokenizer_for_field(self.fields.text)?)
    }

    /// The distinct terms of `query` as the index stores them (lowercased, stemmed), in order,
    /// within the limits.
    fn query_terms(&self, query: &str) -> Result<Vec<String>, SearchError> {
        let mut analyzer = self.analyzer()?;
        let mut terms: Vec<String> = Vec::new();
        let mut stream = analyzer.token_stream(query);
        while let Some(token) = stream.next() {
            if terms.len() == MAX_QUERY_TERMS {
                break;
            }
            if !terms.contains(&token.text) {
                terms.push(token.text.clone());
            }
        }
        Ok(terms)
    }
}

/// The first [`MAX_QUERY_CHARS`] characters of `query`.
fn within_limit(query: &str) -> &str {
    match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => &query[..end],
        None => query,
    }
}

/// What is embedded of a passage: its headings, then its text.
fn embedded_text(passage: &IndexedPassage) -> String {
    if passage.context.is_empty() {
        passage.text.clone()
    } else {
        format!("{}\n{}", passage.context, passage.text)
    }
}

/// Version 1 of the index kept its files in the directory itself; they are of no use now,
/// unless an older Paddock still holds them (its writer's lock says so).
fn remove_first_layout(dir: &Path) {
    if !dir.join("meta.json").exists() {
        return;
    }
    let held = Index::open_in_dir(dir).and_then(|old| {
        old.writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY_BYTES)
            .map(drop)
    });
    if let Err(tantivy::TantivyError::LockFailure(..)) = held {
        tracing::warn!(dir = %dir.display(), "an older search index here is in use by another process; it is left in place");
        return;
    }
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_type().is_ok_and(|kind| kind.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `text` cut into segments, those whose words stem to one of `terms` highlighted.
fn highlight(analyzer: &mut TextAnalyzer, text: &str, terms: &HashSet<String>) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut at = 0;
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        if !terms.contains(&token.text) || token.offset_from < at {
            continue;
        }
        if token.offset_from > at {
            segments.push(Segment {
                text: text[at..token.offset_from].to_owned(),
                highlight: false,
            });
        }
        segments.push(Segment {
            text: text[token.offset_from..token.offset_to].to_owned(),
            highlight: true,
        });
        at = token.offset_to;
    }
    if at < text.len() {
        segments.push(Segment {
            text: text[at..].to_owned(),
            highlight: false,
        });
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(name: &str, ordinal: u32, context: &str, text: &str) -> IndexedPassage {
        IndexedPassage {
            document_name: name.to_owned(),
            ordinal,
            first_page: 1,
            last_page: 1,
            start: 0,
            end: text.chars().count() as u64,
            context: context.to_owned(),
            text: text.to_owned(),
        }
    }

    fn document(base: &str, id: &str, passages: Vec<IndexedPassage>) -> Change {
        Change::Document {
            knowledge_base: base.to_owned(),
            document: id.to_owned(),
            passages,
        }
    }

    /// Embeds a text as which of a few words it holds: enough to follow vectors through the
    /// index without a model.
    struct Words;

    impl Embedder for Words {
        fn model(&self) -> &str {
            "words"
        }

        fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbeddingError> {
            Ok(texts
                .iter()
                .map(|text| {
                    let text = text.to_lowercase();
                    let mut vector: Vec<f32> = ["car", "water", "fire"]
                        .iter()
                        .map(|word| f32::from(u8::from(text.contains(word))))
                        .collect();
                    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt().max(1.0);
                    vector.iter_mut().for_each(|x| *x /= norm);
                    vector
                })
                .collect())
        }
    }

    fn vectors_of(index: &SearchIndex, base: &str) -> usize {
        let held = index.vectors.read().unwrap();
        held.nearest(&[base.to_owned()], &[1.0, 0.0, 0.0], -1.0, usize::MAX)
            .len()
    }

    #[test]
    fn vectors_follow_the_documents_they_came_from() {
        let index = SearchIndex::in_memory(Some(Arc::new(Words)));
        let applied = BTreeMap::from([("claims".to_owned(), 1)]);
        let two = vec![
            passage("a.md", 0, "", "A stolen car"),
            passage("a.md", 1, "", "Water in the cellar"),
        ];
        index
            .apply(&[document("claims", "d1", two.clone())], &applied)
            .unwrap();
        assert_eq!(vectors_of(&index, "claims"), 2);
        let hits = index
            .search(&["claims".to_owned()], "automobile car", 1)
            .unwrap();
        assert_eq!(hits[0].passage.ordinal, 0);

        // Replaced by one passage, then removed: nothing of the old vectors is left.
        let one = vec![passage("a.md", 0, "", "Fire in the kitchen")];
        index
            .apply(&[document("claims", "d1", one)], &applied)
            .unwrap();
        assert_eq!(vectors_of(&index, "claims"), 1);
        index
            .apply(&[document("claims", "d1", vec![])], &applied)
            .unwrap();
        assert_eq!(vectors_of(&index, "claims"), 0);

        // A knowledge base removed and filled again in one batch keeps only the new vectors.
        index
            .apply(
                &[
                    document("claims", "d1", two.clone()),
                    Change::KnowledgeBase("claims".to_owned()),
                    document("claims", "d2", two),
                ],
                &applied,
            )
            .unwrap();
        assert_eq!(vectors_of(&index, "claims"), 2);
        assert_eq!(index.passages(), 2);
        index.clear().unwrap();
        assert_eq!(vectors_of(&index, "claims"), 0);
    }

    #[test]
    fn the_first_layout_is_removed_once_no_process_holds_it() {
        let dir = tempfile::tempdir().unwrap();
        let (schema, _) = schema();
        let old = Index::create_in_dir(dir.path(), schema).unwrap();
        let holder = old
            .writer_with_num_threads::<TantivyDocument>(1, WRITER_MEMORY_BYTES)
            .unwrap();
        drop(SearchIndex::open(dir.path(), None).unwrap());
        assert!(dir.path().join("meta.json").exists(), "held: left in place");
        drop(holder);
        drop(SearchIndex::open(dir.path(), None).unwrap());
        assert!(
            !dir.path().join("meta.json").exists(),
            "removed once let go"
        );
        assert!(dir.path().join(LAYOUT).join("meta.json").exists());
    }

    fn seeded() -> SearchIndex {
        let index = SearchIndex::in_memory(None);
        let changes = [
            document(
                "claims",
                "d1",
                vec![
                    passage(
                        "policy.md",
                        0,
                        "Policy > Water damage",
                        "Burst pipes are covered when the leak was sudden.",
                    ),
                    passage(
                        "policy.md",
                        1,
                        "Policy > Theft",
                        "Report a theft to the police within 48 hours.",
                    ),
                ],
            ),
            document(
                "runbooks",
                "d2",
                vec![passage(
                    "vpn.md",
                    0,
                    "VPN",
                    "When the VPN is down, restart the gateway and page the network team.",
                )],
            ),
        ];
        let applied = BTreeMap::from([("claims".to_owned(), 1), ("runbooks".to_owned(), 1)]);
        index.apply(&changes, &applied).unwrap();
        index
    }

    #[test]
    fn finds_passages_by_stemmed_words_within_the_knowledge_bases_asked_only() {
        let index = seeded();
        let hits = index
            .search(&["claims".to_owned()], "pipe bursting", 10)
            .unwrap();
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].document, "d1");
        assert_eq!(hits[0].passage.ordinal, 0);
        assert_eq!(hits[0].passage.context, "Policy > Water damage");
        let highlighted: Vec<&str> = hits[0]
            .segments
            .iter()
            .filter(|s| s.highlight)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(highlighted, ["Burst", "pipes"]);
        let whole: String = hits[0].segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            whole, hits[0].passage.text,
            "segments put together are the passage"
        );

        assert!(
            index
                .search(&["claims".to_owned()], "VPN gateway", 10)
                .unwrap()
                .is_empty(),
            "another knowledge base's passages are never found"
        );
        assert!(index.search(&[], "theft", 10).unwrap().is_empty());
        assert!(
            index
                .search(&["claims".to_owned()], "knowledge_base:runbooks", 10)
                .unwrap()
                .is_empty(),
            "field syntax cannot reach past the filter"
        );
        assert!(
            index
                .search(&["claims".to_owned()], "  ?! ", 10)
                .unwrap()
                .is_empty()
        );
        // Query syntax is not read: deep brackets, ranges and operators are only words.
        let claims = ["claims".to_owned()];
        let hostile = format!("pipes {}", "(".repeat(200_000));
        assert_eq!(index.search(&claims, &hostile, 10).unwrap().len(), 1);
        let syntax = index
            .search(&claims, "text:[a TO z] NOT theft", 10)
            .unwrap();
        assert_eq!(syntax.len(), 1, "theft, as a word");
        assert_eq!(syntax[0].passage.ordinal, 1);
    }

    #[test]
    fn a_document_changed_or_removed_leaves_nothing_of_its_old_passages() {
        let index = seeded();
        let replaced = document(
            "claims",
            "d1",
            vec![passage("policy.md", 0, "Policy", "Fire is covered.")],
        );
        let applied = BTreeMap::from([("claims".to_owned(), 2), ("runbooks".to_owned(), 1)]);
        index.apply(&[replaced], &applied).unwrap();
        let claims = ["claims".to_owned()];
        assert!(index.search(&claims, "theft", 10).unwrap().is_empty());
        assert_eq!(index.search(&claims, "fire", 10).unwrap().len(), 1);
        assert_eq!(index.applied().unwrap(), applied);

        index
            .apply(
                &[
                    document("claims", "d1", vec![]),
                    Change::KnowledgeBase("runbooks".to_owned()),
                ],
                &applied,
            )
            .unwrap();
        assert_eq!(index.passages(), 0);
    }

    #[test]
    fn an_index_on_disk_keeps_what_it_applied_and_admits_one_process() {
        let dir = tempfile::tempdir().unwrap();
        {
            let index = SearchIndex::open(dir.path(), None).unwrap();
            assert!(index.applied().unwrap().is_empty());
            index
                .apply(
                    &[document(
                        "claims",
                        "d1",
                        vec![passage("a.md", 0, "", "Hail damage to roofs")],
                    )],
                    &BTreeMap::from([("claims".to_owned(), 7)]),
                )
                .unwrap();
            assert!(matches!(
                SearchIndex::open(dir.path(), None),
                Err(SearchError::InUse)
            ));
        }
        let reopened = SearchIndex::open(dir.path(), None).unwrap();
        assert_eq!(reopened.applied().unwrap()["claims"], 7);
        assert_eq!(
            reopened
                .search(&["claims".to_owned()], "roof", 5)
                .unwrap()
                .len(),
            1
        );
        reopened.clear().unwrap();
        assert_eq!(reopened.passages(), 0);
        assert!(reopened.applied().unwrap().is_empty());
    }
}
