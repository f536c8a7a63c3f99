//! The keystroke benchmark's queries, shared with `examples/search_dump.rs`
//! (which checks that a change to the search leaves their results alone).

/// What people type: names, professions, places, needs, and typos.
pub const QUERIES: [&str; 20] = [
    "data analyst",
    "clinical coding",
    "nursing informatics",
    "cyber security",
    "wales",
    "apprenticeship",
    "free course",
    "infromatics",
    "knowledge library",
    "digital leadership",
    "information governance",
    "fhir",
    "public health intelligence",
    "clincal safety",
    "machine learning",
    "pharmacy",
    "social care records",
    "ccio",
    "librarian",
    "north west analytics",
];
