//! Named-entity recognition (being written).
