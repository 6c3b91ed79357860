//! Parser tests: corpus pages, targeted assertions, oddities, malformed input.

mod corpus;
mod coverage;
mod fuzz;
mod malformed;
mod oddities;
mod pages;
