//! Text utilities shared by every layer: the sanitiser for text from
//! outside, "did you mean" suggestions, link checking and display width.
//!
//! The lowest layer: it imports nothing of the crate (build.rs compiles it
//! too, beside the catalogue).

pub mod links;
pub mod sanitize;
pub mod suggest;
pub mod width;
