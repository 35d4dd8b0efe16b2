//! The Arabic text layer of isnad: everything that looks at characters before extraction
//! looks at meaning.
//!
//! Two kinds of change are kept apart (STYLE.md, point 4): lossless normalisation
//! ([`normalize()`]), whose shadow form may be shown and always maps back to the original
//! offsets, and lossy folding ([`fold()`]), which feeds only matching, index keys and
//! fingerprints. Segmentation ([`sentences`], [`clauses`], [`tokens`]) returns byte ranges of
//! the text it is given and never rewrites it; [`CharIndex`] turns byte offsets into the code
//! point offsets the report prints.
//!
//! The usual pipeline is: `normalize` the original, segment the shadow text, and map every span
//! back with [`Normalized::span_to_original`]. Nothing here fails or does IO: every input,
//! however broken, gives an answer.

pub mod char_index;
pub mod chars;
pub mod fold;
pub mod layer;
pub mod lexicon;
pub mod normalize;
pub mod sentence;
pub mod token;

pub use char_index::CharIndex;
pub use chars::{is_alphabetic, is_alphanumeric};
pub use fold::{fold, fold_char, fold_with_map, Folded, FoldedText};
pub use layer::TextLayer;
pub use normalize::{normalize, Normalized};
pub use sentence::{clauses, sentences};
pub use token::{strip_clitic, tokens, Piece, PieceKind, Token, TokenKind};
