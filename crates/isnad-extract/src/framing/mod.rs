//! Framing: loaded language and persuasion techniques (being written).
