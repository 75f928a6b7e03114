//! The fuzz targets' checks, shared with the stable harness of the test suite.

pub mod checks;
