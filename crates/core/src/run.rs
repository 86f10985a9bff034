//! Runs as data: their status, and the record each step leaves. The engine writes them, the
//! store keeps them, the API shows them.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Accepted, waiting for a worker.
    Queued,
    Running,
    /// Paused at an approval until someone decides.
    Waiting,
    Succeeded,
    Failed,
    Cancelled,
}

impl RunStatus {
    pub const ALL: [RunStatus; 6] = [
        RunStatus::Queued,
        RunStatus::Running,
        RunStatus::Waiting,
        RunStatus::Succeeded,
        RunStatus::Failed,
        RunStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Queued => "queued",
            RunStatus::Running => "running",
            RunStatus::Waiting => "waiting",
            RunStatus::Succeeded => "succeeded",
            RunStatus::Failed => "failed",
            RunStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        RunStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == raw)
    }

    /// Whether the run has ended for good.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            RunStatus::Succeeded | RunStatus::Failed | RunStatus::Cancelled
        )
    }
}

/// Tokens a model call used, and what they cost when the model has prices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub input_tokens: u64,
    pub output_tokens: u64,
    /// Millionths of a US dollar; `None` when the model has no prices.
    #[serde(default)]
    pub cost_micros: Option<u64>,
}

impl Usage {
    pub fn tokens(input_tokens: u64, output_tokens: u64) -> Self {
        Usage {
            input_tokens,
            output_tokens,
            cost_micros: None,
        }
    }

    pub fn total_tokens(self) -> u64 {
        self.input_tokens + self.output_tokens
    }

    pub fn add(&mut self, other: Usage) {
        self.input_tokens += other.input_tokens;
        self.output_tokens += other.output_tokens;
        self.cost_micros = match (self.cost_micros, other.cost_micros) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
        };
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Succeeded,
    Failed,
    /// Not chosen by its branch; its output is none.
    Skipped,
    /// Waiting for a person (an approval).
    Waiting,
}

impl StepStatus {
    pub const ALL: [StepStatus; 4] = [
        StepStatus::Succeeded,
        StepStatus::Failed,
        StepStatus::Skipped,
        StepStatus::Waiting,
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        StepStatus::ALL
            .into_iter()
            .find(|status| status.as_str() == raw)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Succeeded => "succeeded",
            StepStatus::Failed => "failed",
            StepStatus::Skipped => "skipped",
            StepStatus::Waiting => "waiting",
        }
    }

    /// Whether dependants may start: the step is done, one way or the other.
    pub fn is_settled(self) -> bool {
        matches!(self, StepStatus::Succeeded | StepStatus::Skipped)
    }
}

/// A step's result as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// The step's id as written (a key is `review[2].summary` for a map's step).
    pub step_id: String,
    pub status: StepStatus,
    /// What `with` evaluated to.
    pub input: Value,
    pub output: Value,
    pub error: Option<String>,
    pub attempts: u32,
    pub usage: Option<Usage>,
    /// The model called, if any.
    pub model: Option<String>,
    /// Milliseconds since the Unix epoch.
    pub started_at: i64,
    pub finished_at: i64,
    /// For a waiting step: when it decides itself (an approval's `timeout`).
    #[serde(default)]
    pub due_at: Option<i64>,
}

/// The top-level step a step key belongs to: a step's key is its id, and a step inside a map
/// is keyed under its map's item (`draft[2].review` belongs to `draft`).
pub fn top_level_step(key: &str) -> &str {
    key.split(['[', '.']).next().unwrap_or(key)
}

#[cfg(test)]
mod top_level_tests {
    use super::top_level_step;

    #[test]
    fn a_map_item_step_belongs_to_its_map() {
        assert_eq!(top_level_step("summary"), "summary");
        assert_eq!(top_level_step("draft[2].review"), "draft");
        assert_eq!(top_level_step("outer[0].inner[1].leaf"), "outer");
    }
}
