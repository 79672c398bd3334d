//! Long-running server programs of the catalogue images. (Being written.)
