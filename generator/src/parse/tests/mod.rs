//! Parser tests: corpus pages, targeted assertions, oddities, malformed input.

mod corpus;
mod oddities;
mod pages;
