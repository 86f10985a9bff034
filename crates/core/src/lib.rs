//! The pure domain of Paddock. Nothing here performs I/O; every other crate depends on this one.

pub mod access;
pub mod account;
pub mod audit;
pub mod connection;
pub mod egress;
pub mod error_code;
pub mod ids;
pub mod knowledge;
pub mod label;
pub mod model;
pub mod password;
pub mod pii;
pub mod policy;
pub mod promotion;
pub mod publishing;
pub mod report;
pub mod run;
pub mod time;
pub mod upload;
pub mod values;
pub mod workflow;

pub use access::{Grant, Permission, Role, Scope, Section};
pub use error_code::Code;
