//! Parser for the POSIX-sh subset scripts in pod specs use. (Being written.)
