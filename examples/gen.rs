//! A deterministic generator of synthetic catalogues (format 1), for the
//! benchmarks and `scripts/bench-vs-fzf.sh`.
//!
//! ```text
//! cargo run --release --example gen -- N [--seed S] [--dir OUT [--per-file K] | --out FILE] [--lines FILE]
//! ```
//!
//! * `N` networks, each with about 1.2-1.6 KB of health-informatics text, 1-5
//!   opportunities, every facet drawn from the bundled vocabulary (which is
//!   copied into the output from `catalogue/catalogue.toml`), some non-ASCII
//!   text (é, ü, Welsh ŵ, an emoji), mostly active networks and some merged or
//!   closed ones with a valid successor, cost free, paid or not known, and
//!   provenance with https sources on example.org.
//! * `--out FILE`: one TOML file. `--dir OUT`: `OUT/catalogue.toml` (the
//!   `[catalogue]` table and the vocabulary) and `OUT/networks/*.toml`, one
//!   network per file like the bundled catalogue, or `K` per file with
//!   `--per-file K`. Neither: one file on standard output.
//! * `--lines FILE`: also one network per line,
//!   `id<TAB>name<TAB>short name<TAB>tags<TAB>summary`, for `fzf --filter`.
//!
//! Same `N`, seed and options give the same bytes; the PRNG is splitmix64, so
//! nothing depends on a crate's version.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The bundled vocabulary (and `[catalogue]` table), read at build time.
pub const CATALOGUE_TOML: &str = include_str!("../catalogue/catalogue.toml");

/// The default seed.
pub const DEFAULT_SEED: u64 = 0x5EED_2026;

// ---------------------------------------------------------------------------
// PRNG
// ---------------------------------------------------------------------------

/// splitmix64: small, fast, and the same on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `k` distinct indices of `0..n`, in ascending order.
    pub fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut chosen = vec![false; n];
        let mut left = k;
        while left > 0 {
            let i = self.below(n);
            if !chosen[i] {
                chosen[i] = true;
                left -= 1;
            }
        }
        (0..n).filter(|&i| chosen[i]).collect()
    }
}

// ---------------------------------------------------------------------------
// Vocabulary (read from the bundled catalogue.toml)
// ---------------------------------------------------------------------------

/// The ids and labels of each vocabulary, in file order.
#[derive(Clone, Debug, Default)]
pub struct Vocab {
    pub kind: Vec<(String, String)>,
    pub scope: Vec<(String, String)>,
    pub sector: Vec<(String, String)>,
    pub profession: Vec<(String, String)>,
    pub career_stage: Vec<(String, String)>,
    pub format: Vec<(String, String)>,
    pub opportunity_type: Vec<(String, String)>,
}

impl Vocab {
    /// Read `[[vocabulary.KIND]]` tables with `id = "..."` and `label = "..."`
    /// lines (the shape of `catalogue/catalogue.toml`).
    pub fn parse(text: &str) -> Vocab {
        let mut v = Vocab::default();
        let mut current: Option<String> = None;
        let mut id: Option<String> = None;
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("[[vocabulary.") {
                current = rest.strip_suffix("]]").map(str::to_string);
                id = None;
            } else if line.starts_with('[') {
                current = None;
            } else if let Some(kind) = &current {
                if let Some(val) = quoted_value(line, "id") {
                    id = Some(val);
                } else if let (Some(label), Some(i)) = (quoted_value(line, "label"), id.take()) {
                    let list = match kind.as_str() {
                        "kind" => &mut v.kind,
                        "scope" => &mut v.scope,
                        "sector" => &mut v.sector,
                        "profession" => &mut v.profession,
                        "career_stage" => &mut v.career_stage,
                        "format" => &mut v.format,
                        "opportunity_type" => &mut v.opportunity_type,
                        _ => continue,
                    };
                    list.push((i, label));
                }
            }
        }
        v
    }

    fn has(list: &[(String, String)], id: &str) -> bool {
        list.iter().any(|(i, _)| i == id)
    }
}

fn quoted_value(line: &str, key: &str) -> Option<String> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    let inner = rest.strip_prefix('"')?.strip_suffix('"')?;
    Some(inner.to_string())
}

/// The vocabulary section of the bundled file: everything from the first
/// `[[vocabulary.` on (comments before it included).
pub fn vocabulary_section(text: &str) -> &str {
    let start = text.find("[[vocabulary.").unwrap_or(text.len());
    // Keep the comment block that introduces the first vocabulary.
    let from = text[..start].rfind("\n\n#").map_or(start, |i| i + 2);
    &text[from..]
}

// ---------------------------------------------------------------------------
// Word pools
// ---------------------------------------------------------------------------

/// A topic a network is about: it colours the name, the text, the tags and
/// the opportunities.
struct Theme {
    /// A profession id of the vocabulary (skipped when not defined).
    profession: &'static str,
    /// Words for a name ("Clinical Coding").
    titles: &'static [&'static str],
    /// Phrases for sentences ("ICD-10 and OPCS-4 coding").
    topics: &'static [&'static str],
    /// Who it is for ("clinical coders").
    audiences: &'static [&'static str],
    tags: &'static [&'static str],
    /// Opportunity titles.
    courses: &'static [&'static str],
}

const THEMES: &[Theme] = &[
    Theme {
        profession: "clinical-informatics",
        titles: &[
            "Clinical Informatics",
            "Clinical Safety",
            "Digital Clinicians",
            "CCIO",
        ],
        topics: &[
            "clinical informatics",
            "clinical safety under DCB0129 and DCB0160",
            "electronic patient records",
            "clinical decision support",
            "safer digital prescribing",
            "usability of clinical systems",
        ],
        audiences: &[
            "clinical safety officers",
            "CCIOs",
            "clinicians in digital roles",
            "clinical informaticians",
        ],
        tags: &[
            "clinical informatics",
            "ccio",
            "clinical safety",
            "epr",
            "decision support",
        ],
        courses: &[
            "Clinical Safety Officer training",
            "Introduction to clinical informatics",
            "Electronic patient record optimisation workshop",
            "Clinical informatics leadership programme",
        ],
    },
    Theme {
        profession: "nursing-midwifery",
        titles: &[
            "Nursing Informatics",
            "Digital Nursing",
            "Digital Midwives",
            "CNIO",
        ],
        topics: &[
            "nursing informatics",
            "digital nursing practice",
            "midwifery records and maternity systems",
            "e-rostering and safer staffing",
            "nursing documentation",
        ],
        audiences: &[
            "nurses",
            "midwives",
            "CNIOs",
            "nursing informaticians",
            "student nurses",
        ],
        tags: &[
            "nursing",
            "midwifery",
            "cnio",
            "nursing informatics",
            "digital nursing",
        ],
        courses: &[
            "Nursing informatics foundations course",
            "Digital nurse leaders programme",
            "Maternity digital champions webinar series",
        ],
    },
    Theme {
        profession: "data-analytics",
        titles: &[
            "Data Analysts",
            "Analytics",
            "Health Analytics",
            "Business Intelligence",
        ],
        topics: &[
            "data analysis",
            "dashboards in Power BI",
            "SQL and data warehousing",
            "statistical process control charts",
            "analytical skills for health and care data",
            "reproducible analysis in R and Python",
        ],
        audiences: &[
            "data analysts",
            "information analysts",
            "BI developers",
            "performance analysts",
        ],
        tags: &[
            "analyst",
            "analytics",
            "sql",
            "power bi",
            "data analyst",
            "dashboards",
        ],
        courses: &[
            "Data analyst apprenticeship (level 4)",
            "SQL for health data analysts",
            "Power BI dashboards course",
            "Statistical process control workshop",
            "Analyst development programme",
        ],
    },
    Theme {
        profession: "data-science",
        titles: &[
            "Data Science",
            "AI",
            "Machine Learning",
            "Applied Data Science",
        ],
        topics: &[
            "data science",
            "machine learning on routinely collected data",
            "artificial intelligence in diagnostics",
            "natural language processing of clinical notes",
            "statistical modelling",
        ],
        audiences: &[
            "data scientists",
            "machine learning engineers",
            "researchers",
            "statisticians",
        ],
        tags: &["data science", "ai", "machine learning", "python", "nlp"],
        courses: &[
            "Applied machine learning course",
            "Data science fellowship",
            "AI in health and care webinar",
            "Natural language processing bootcamp",
        ],
    },
    Theme {
        profession: "knowledge-library",
        titles: &[
            "Knowledge and Library",
            "Health Librarians",
            "Evidence",
            "Knowledge Management",
        ],
        topics: &[
            "knowledge and library services",
            "literature searching",
            "evidence summaries for clinicians",
            "knowledge mobilisation",
            "health literacy",
        ],
        audiences: &[
            "librarians",
            "knowledge specialists",
            "clinical librarians",
            "evidence specialists",
        ],
        tags: &[
            "library",
            "librarian",
            "knowledge",
            "evidence",
            "literature search",
        ],
        courses: &[
            "Literature searching skills course",
            "Knowledge mobilisation workshop",
            "Health literacy e-learning",
            "Chartership support for library staff",
        ],
    },
    Theme {
        profession: "health-records-coding",
        titles: &[
            "Clinical Coding",
            "Health Records",
            "Coding Auditors",
            "Clinical Coders",
        ],
        topics: &[
            "clinical coding with ICD-10 and OPCS-4",
            "coding audit",
            "health records management",
            "data quality for clinical coding",
            "the national clinical coding standards",
        ],
        audiences: &[
            "clinical coders",
            "coding auditors",
            "coding trainers",
            "health records staff",
        ],
        tags: &[
            "clinical coding",
            "coding",
            "icd-10",
            "opcs-4",
            "health records",
        ],
        courses: &[
            "Clinical coding standards course",
            "Accredited clinical coder qualification",
            "Clinical coding refresher workshop",
            "Coding audit methodology course",
        ],
    },
    Theme {
        profession: "information-governance",
        titles: &[
            "Information Governance",
            "Data Protection",
            "Caldicott",
            "Records Management",
        ],
        topics: &[
            "information governance",
            "data protection and UK GDPR",
            "confidentiality and Caldicott principles",
            "the Data Security and Protection Toolkit",
            "records management",
        ],
        audiences: &[
            "IG leads",
            "data protection officers",
            "Caldicott guardians",
            "records managers",
        ],
        tags: &[
            "information governance",
            "ig",
            "gdpr",
            "caldicott",
            "data protection",
        ],
        courses: &[
            "Information governance practitioner certificate",
            "Data protection officer course",
            "Caldicott guardian induction",
            "Records management e-learning",
        ],
    },
    Theme {
        profession: "it-infrastructure-cyber",
        titles: &[
            "Cyber Security",
            "Digital Infrastructure",
            "IT",
            "Cyber Associates",
        ],
        topics: &[
            "cyber security",
            "network and infrastructure management",
            "incident response and resilience",
            "cloud hosting for health and care",
            "service desk and end user computing",
        ],
        audiences: &[
            "cyber security specialists",
            "IT engineers",
            "infrastructure managers",
            "service desk staff",
        ],
        tags: &[
            "cyber",
            "cyber security",
            "infrastructure",
            "it",
            "resilience",
        ],
        courses: &[
            "Cyber security essentials course",
            "Incident response exercise",
            "Cloud infrastructure apprenticeship",
            "Cyber associate development programme",
        ],
    },
    Theme {
        profession: "standards-interoperability",
        titles: &["Interoperability", "Standards", "FHIR", "Terminology"],
        topics: &[
            "interoperability",
            "HL7 FHIR",
            "SNOMED CT and terminology services",
            "professional record standards",
            "joining up shared care records",
        ],
        audiences: &[
            "interoperability specialists",
            "terminologists",
            "integration engineers",
            "standards developers",
        ],
        tags: &["interoperability", "fhir", "snomed ct", "hl7", "standards"],
        courses: &[
            "FHIR fundamentals course",
            "SNOMED CT foundation e-learning",
            "Interoperability connectathon",
            "Record standards workshop",
        ],
    },
    Theme {
        profession: "digital-leadership",
        titles: &[
            "Digital Leadership",
            "Chief Information Officers",
            "Digital Leaders",
            "CDIO",
        ],
        topics: &[
            "digital leadership",
            "digital transformation",
            "board-level digital strategy",
            "leading change in health and care",
            "digital maturity",
        ],
        audiences: &[
            "CIOs",
            "CDIOs",
            "directors of digital",
            "aspiring digital leaders",
        ],
        tags: &[
            "digital leadership",
            "cio",
            "leadership",
            "transformation",
            "strategy",
        ],
        courses: &[
            "Digital leadership programme",
            "Aspiring CIO development programme",
            "Digital board masterclass",
            "Leading digital transformation course",
        ],
    },
    Theme {
        profession: "project-programme",
        titles: &[
            "Programme Management",
            "Project Delivery",
            "Digital Change",
            "PMO",
        ],
        topics: &[
            "project and programme management",
            "agile delivery",
            "benefits realisation",
            "change management",
            "business analysis",
        ],
        audiences: &[
            "project managers",
            "programme managers",
            "business analysts",
            "change managers",
        ],
        tags: &[
            "project management",
            "programme",
            "agile",
            "change",
            "business analysis",
        ],
        courses: &[
            "Agile delivery course",
            "Benefits realisation workshop",
            "Project management qualification",
            "Business analysis apprenticeship",
        ],
    },
    Theme {
        profession: "public-health-intelligence",
        titles: &[
            "Public Health Intelligence",
            "Population Health",
            "Epidemiology",
            "Health Intelligence",
        ],
        topics: &[
            "public health intelligence",
            "population health management",
            "epidemiology and surveillance",
            "health inequalities",
            "joint strategic needs assessment",
        ],
        audiences: &[
            "public health analysts",
            "epidemiologists",
            "intelligence specialists",
            "public health registrars",
        ],
        tags: &[
            "public health",
            "intelligence",
            "population health",
            "epidemiology",
            "inequalities",
        ],
        courses: &[
            "Public health intelligence course",
            "Population health management workshop",
            "Epidemiology for analysts e-learning",
        ],
    },
    Theme {
        profession: "pharmacy",
        titles: &[
            "Pharmacy Informatics",
            "Medicines Informatics",
            "ePrescribing",
            "Digital Pharmacy",
        ],
        topics: &[
            "pharmacy informatics",
            "electronic prescribing and medicines administration",
            "medicines optimisation",
            "dm+d and medicines data",
        ],
        audiences: &[
            "pharmacists",
            "pharmacy technicians",
            "ePMA leads",
            "medicines safety officers",
        ],
        tags: &[
            "pharmacy",
            "epma",
            "medicines",
            "prescribing",
            "pharmacy informatics",
        ],
        courses: &[
            "Pharmacy informatics course",
            "ePMA implementation workshop",
            "Medicines data webinar",
        ],
    },
    Theme {
        profession: "healthcare-science",
        titles: &[
            "Bioinformatics",
            "Genomics",
            "Healthcare Science",
            "Clinical Scientists",
        ],
        topics: &[
            "bioinformatics",
            "genomic medicine",
            "clinical scientific computing",
            "medical physics and imaging informatics",
        ],
        audiences: &[
            "clinical scientists",
            "bioinformaticians",
            "clinical engineers",
            "healthcare scientists",
        ],
        tags: &[
            "bioinformatics",
            "genomics",
            "healthcare science",
            "imaging",
        ],
        courses: &[
            "Clinical bioinformatics course",
            "Scientist training programme",
            "Genomics e-learning",
        ],
    },
    Theme {
        profession: "ahp",
        titles: &[
            "Digital AHP",
            "Allied Health",
            "Therapies Informatics",
            "Paramedic Digital",
        ],
        topics: &[
            "digital practice for allied health professionals",
            "therapy outcome measures",
            "paramedic electronic records",
            "remote consultation",
        ],
        audiences: &[
            "physiotherapists",
            "occupational therapists",
            "paramedics",
            "radiographers",
        ],
        tags: &[
            "ahp",
            "allied health",
            "therapies",
            "paramedics",
            "physiotherapy",
        ],
        courses: &[
            "Digital AHP leadership course",
            "Remote consultation workshop",
            "AHP informatics webinar",
        ],
    },
    Theme {
        profession: "social-care-practice",
        titles: &[
            "Social Care Digital",
            "Care Technology",
            "Digital Social Care",
            "Care Records",
        ],
        topics: &[
            "digital social care records",
            "technology-enabled care",
            "data sharing between councils and care providers",
            "digital skills for the care workforce",
        ],
        audiences: &[
            "social workers",
            "care home managers",
            "care workers",
            "social care leaders",
        ],
        tags: &[
            "social care",
            "care homes",
            "technology enabled care",
            "digital skills",
        ],
        courses: &[
            "Digital skills for care workers",
            "Care technology champions programme",
            "Digital social care records webinar",
        ],
    },
    Theme {
        profession: "general-management",
        titles: &[
            "Practice Managers",
            "Health Management",
            "Operational Managers",
            "Service Managers",
        ],
        topics: &[
            "general practice management",
            "operational management",
            "using data to run services",
            "workforce planning",
        ],
        audiences: &[
            "practice managers",
            "service managers",
            "operational managers",
            "administrators",
        ],
        tags: &["management", "practice managers", "operations", "workforce"],
        courses: &[
            "Practice management qualification",
            "Data for managers course",
            "Workforce planning workshop",
        ],
    },
    Theme {
        profession: "medical",
        titles: &[
            "Digital Doctors",
            "Medical Informatics",
            "Doctors in Digital",
            "Clinical Fellows",
        ],
        topics: &[
            "medical informatics",
            "doctors in digital roles",
            "digital health for junior doctors",
            "clinical fellowships in digital health",
        ],
        audiences: &["doctors", "junior doctors", "GPs", "consultants"],
        tags: &[
            "doctors",
            "medical",
            "junior doctors",
            "gp",
            "digital health",
        ],
        courses: &[
            "Digital health fellowship for doctors",
            "Clinical informatics for junior doctors course",
            "GP digital leadership programme",
        ],
    },
];

/// Where a network is, with the scope it gets.
const PLACES: &[(&str, &str)] = &[
    ("North West", "region:north-west"),
    ("Cheshire and Merseyside", "region:north-west"),
    ("Greater Manchester", "region:north-west"),
    ("Cumbria and Lancashire", "region:north-west"),
    ("Midlands", "region:midlands"),
    ("East Midlands", "region:midlands"),
    ("West Midlands", "region:west-midlands"),
    ("Black Country", "region:west-midlands"),
    ("London", "region:london"),
    ("North Central London", "region:london"),
    ("South East London", "region:london"),
    ("Yorkshire and Humber", "england"),
    ("Wessex", "england"),
    ("Kent and Medway", "england"),
    ("East of England", "england"),
    ("Thames Valley", "england"),
    ("South West", "england"),
    ("North East and North Cumbria", "england"),
    ("English", "england"),
    ("Wales", "wales"),
    ("Welsh", "wales"),
    ("Cymru", "wales"),
    ("Gŵyr and Swansea Bay", "wales"),
    ("North Wales", "wales"),
    ("Scottish", "scotland"),
    ("Scotland", "scotland"),
    ("Highland", "scotland"),
    ("Lothian", "scotland"),
    ("Northern Ireland", "northern-ireland"),
    ("Belfast", "northern-ireland"),
    ("UK", "uk-wide"),
    ("British", "uk-wide"),
    ("National", "uk-wide"),
    ("UK and Ireland", "uk-wide"),
    ("European", "europe"),
    ("Zürich", "europe"),
    ("International", "international"),
    ("Global", "international"),
];

/// The word that ends a name, with the kind it suggests.
const ORGS: &[(&str, &str)] = &[
    ("Network", "network"),
    ("Forum", "network"),
    ("Group", "network"),
    ("Community of Practice", "community-of-practice"),
    ("Community", "community-of-practice"),
    ("Academy", "academy"),
    ("Society", "membership-organisation"),
    ("Association", "membership-organisation"),
    ("Institute", "professional-body"),
    ("Faculty", "professional-body"),
    ("Federation", "federation"),
    ("Alliance", "federation"),
    ("Fellowship", "fellowship"),
    ("Trust", "charity"),
    ("Foundation", "charity"),
    ("Standards Collaborative", "standards-body"),
    ("Advisory Panel", "advisory-group"),
    ("Council", "advisory-group"),
    ("Programme", "programme"),
    ("Skills Programme", "programme"),
    ("Service", "national-programme"),
    ("Hub", "network"),
    ("Café", "community-of-practice"),
    ("Collaborative", "network"),
];

const CADENCES: &[&str] = &[
    "monthly",
    "every quarter",
    "twice a year",
    "weekly on Slack",
    "at an annual conference",
    "in regular lunchtime webinars",
];

const FOUNDERS: &[&str] = &[
    "a group of analysts",
    "two clinical safety officers",
    "the regional digital team",
    "a handful of librarians",
    "volunteers from local trusts",
    "the integrated care board",
    "a university health informatics department",
    "members of a national professional body",
];

const POLICY: &[&str] = &[
    "It responds to national consultations on the health and care workforce and on data strategy.",
    "Its chair sits on the regional digital board and reports members' views to NHS England.",
    "It contributed evidence to the review of informatics professional standards.",
    "It works with the devolved health departments on digital skills and data policy.",
    "Members helped draft guidance on data sharing between health and social care.",
];

const EXTRAS: &[&str] = &[
    "Members say the informal café sessions are the best way to meet peers 🩺.",
    "Sessions are recorded, so people working shifts can catch up later.",
    "There is a mentoring scheme that pairs new members with experienced practitioners.",
    "It publishes a newsletter with job adverts, events and short case studies.",
    "Newcomers are welcome and no previous informatics experience is needed.",
    "Résumé clinics and interview practice help people move into their first informatics role.",
    "A bilingual Welsh and English programme runs each spring, with a Gŵyl Ddigidol (digital festival) in Cardiff.",
    "Work is shared openly on GitHub and anyone may reuse the code and materials 💻.",
    "The group keeps a library of templates, business cases and evaluation reports.",
    "Regional leads organise hackathons where clinicians and developers build prototypes together.",
    "It runs joint events with partners in Zürich and Lyon on European health data standards.",
];

const DURATIONS: &[&str] = &[
    "1 day",
    "2 days",
    "6 weeks, part time",
    "3 months",
    "12 months",
    "18 months",
    "2 years, part time",
    "self-paced, about 10 hours",
    "90 minutes",
];

const ELIGIBILITY: &[&str] = &[
    "Open to anyone working in health and care in the UK.",
    "For members only; membership is free for students.",
    "You must be employed by an NHS organisation and have your line manager's support.",
    "Aimed at people in bands 4 to 6 who want to move into an informatics role.",
    "Applicants need at least two years of experience in a digital or data role.",
    "Open to staff in councils, care providers and the voluntary sector.",
];

// ---------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------

/// One generated network: its TOML and its line for fzf.
pub struct Generated {
    pub id: String,
    pub toml: String,
    pub line: String,
}

/// Generates networks one after another (a merged or closed network names
/// an earlier one as its successor).
pub struct Generator {
    rng: Rng,
    vocab: Vocab,
    /// Ids of the active networks so far.
    active: Vec<String>,
    count: usize,
}

impl Generator {
    pub fn new(seed: u64) -> Generator {
        Generator {
            rng: Rng::new(seed),
            vocab: Vocab::parse(CATALOGUE_TOML),
            active: Vec::new(),
            count: 0,
        }
    }

    /// The `[catalogue]` table and the whole vocabulary of the bundled catalogue.
    pub fn head(&self, n: usize, seed: u64) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "# A synthetic hinet catalogue: {n} networks, seed {seed}.\n\
             # Made by `cargo run --release --example gen -- {n} --seed {seed}`; the text is invented.\n"
        );
        s.push_str("[catalogue]\n");
        let _ = writeln!(
            s,
            "name = \"Synthetic health informatics networks ({n}, seed {seed})\""
        );
        s.push_str("format = 1\nupdated = 2026-01-15\n\n");
        s.push_str(vocabulary_section(CATALOGUE_TOML));
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s
    }

    fn label_of(list: &[(String, String)], id: &str) -> String {
        list.iter()
            .find(|(i, _)| i == id)
            .map_or_else(|| id.to_string(), |(_, l)| l.clone())
    }

    /// The next network.
    pub fn next_network(&mut self) -> Generated {
        let i = self.count;
        self.count += 1;
        let themes: Vec<&Theme> = THEMES
            .iter()
            .filter(|t| Vocab::has(&self.vocab.profession, t.profession))
            .collect();
        let theme = themes[self.rng.below(themes.len())];
        let second = themes[self.rng.below(themes.len())];
        let place = *self.rng.pick(PLACES);
        let org = *self.rng.pick(ORGS);

        // Name and short name.
        let title = *self.rng.pick(theme.titles);
        // "Welsh", "National" and the like read well only before the topic.
        let adjective = [
            "English",
            "Welsh",
            "Scottish",
            "British",
            "National",
            "European",
            "International",
            "Global",
            "UK",
        ]
        .contains(&place.0);
        let name = match self.rng.below(4) {
            0 => format!("{} {} {}", place.0, title, org.0),
            1 if adjective => format!("{} {} {}", place.0, title, org.0),
            1 => format!("{} {} of {}", title, org.0, place.0),
            2 => format!("{} {} for {}", place.0, org.0, title),
            _ => format!("{} {}", title, org.0),
        };
        let short = acronym(&name);
        let short_name = if self.rng.chance(80) {
            Some(short.clone())
        } else {
            None
        };
        let id = {
            let mut slug = slug(&name);
            slug.truncate(48);
            let slug = slug.trim_end_matches('-');
            format!("{slug}-{i}")
        };

        // Facets.
        let kind = if Vocab::has(&self.vocab.kind, org.1) && self.rng.chance(85) {
            org.1.to_string()
        } else {
            self.rng.pick(&self.vocab.kind).0.clone()
        };
        let mut scope = vec![if Vocab::has(&self.vocab.scope, place.1) {
            place.1.to_string()
        } else {
            self.rng.pick(&self.vocab.scope).0.clone()
        }];
        if self.rng.chance(15) {
            let extra = self.rng.pick(&self.vocab.scope).0.clone();
            if !scope.contains(&extra) {
                scope.push(extra);
            }
        }
        let sectors = ids(&mut self.rng, &self.vocab.sector, 1, 4);
        let mut professions = vec![theme.profession.to_string()];
        if second.profession != theme.profession {
            professions.push(second.profession.to_string());
        }
        if self.rng.chance(30) {
            let p = self.rng.pick(&self.vocab.profession).0.clone();
            if !professions.contains(&p) {
                professions.push(p);
            }
        }
        let stages = ids(&mut self.rng, &self.vocab.career_stage, 1, 4);
        let formats = ids(&mut self.rng, &self.vocab.format, 1, 3);

        // Status: mostly active; merged or closed ones name an earlier active network.
        let roll = self.rng.below(100);
        let (status, successor) = if roll < 90 || self.active.is_empty() {
            ("active", None)
        } else {
            let s = self.rng.pick(&self.active).clone();
            (if roll < 96 { "merged" } else { "closed" }, Some(s))
        };
        if status == "active" {
            self.active.push(id.clone());
        }

        // Text.
        let place_name = place.0;
        let audience = *self.rng.pick(theme.audiences);
        let audience2 = *self.rng.pick(second.audiences);
        let topic = *self.rng.pick(theme.topics);
        let topic2 = *self.rng.pick(theme.topics);
        let topic3 = *self.rng.pick(second.topics);
        let sector_label = Self::label_of(&self.vocab.sector, &sectors[0]).to_lowercase();
        let summary = format!(
            "{} for {audience} and {audience2} working in {sector_label}, with a focus on {topic}. {}",
            capitalise(match kind.as_str() {
                "professional-body" => "a professional body",
                "federation" => "a federation of organisations",
                "membership-organisation" => "a membership organisation",
                "community-of-practice" => "a community of practice",
                "academy" => "an academy",
                "fellowship" => "a fellowship scheme",
                "charity" => "a charity",
                "standards-body" => "a standards body",
                "advisory-group" => "an advisory group",
                "national-programme" => "a national programme",
                "programme" => "a training programme",
                _ => "a network",
            }),
            self.rng.pick(&[
                "Members share practice, tools and training.",
                "It is free to join and runs online events.",
                "It keeps a register of members and runs CPD events.",
                "It offers courses, mentoring and a friendly community.",
            ]),
        );
        let mut paras = Vec::new();
        paras.push(format!(
            "{name} brings together {audience} across {place_name} who want to get better at {topic2} and {topic3}. \
             It was set up in {} by {} and now has {} members from {} organisations.",
            self.rng.range(1998, 2025),
            self.rng.pick(FOUNDERS),
            self.rng.range(40, 9000),
            self.rng.range(5, 400),
        ));
        let other = self.rng.pick(THEMES);
        paras.push(format!(
            "Members meet {} to discuss {}, share examples of {} and hear from national programmes. \
             Discussions often turn to {} and to how {} can work with {}.",
            self.rng.pick(CADENCES),
            self.rng.pick(theme.topics),
            self.rng.pick(second.topics),
            other.topics[0],
            audience,
            self.rng.pick(other.audiences),
        ));
        for _ in 0..self.rng.range(0, 2) {
            paras.push(self.rng.pick(EXTRAS).to_string());
        }
        let description = paras.join("\n\n");
        let how_to_join = self.rng.chance(75).then(|| {
            format!(
                "Register on the website with a work email address. {} {}",
                self.rng.pick(&[
                    "Membership is open to anyone with an interest in health informatics.",
                    "Students and apprentices join at a reduced rate.",
                    "Organisations can join on behalf of their staff.",
                    "You will be asked which region and profession you work in.",
                ]),
                self.rng.pick(&[
                    "New members are invited to a welcome call.",
                    "Joining takes a few minutes.",
                    "Applications are reviewed each month.",
                ]),
            )
        });
        let policy = self
            .rng
            .chance(40)
            .then(|| self.rng.pick(POLICY).to_string());
        let mut tags: Vec<String> = Vec::new();
        for t in
            self.rng
                .distinct(theme.tags.len(), 2)
                .into_iter()
                .map(|k| theme.tags[k])
                .chain(std::iter::once(*self.rng.pick(second.tags)))
                .chain(self.rng.chance(20).then_some(*self.rng.pick(&[
                    "informatics",
                    "free",
                    "welsh",
                    "cymraeg",
                    "café",
                ])))
        {
            if !tags.iter().any(|x| x == t) {
                tags.push(t.to_string());
            }
        }

        // Cost.
        let cost_roll = self.rng.below(100);
        let cost = if cost_roll < 40 {
            Some("free = true\nnote = \"Free to join\"\n".to_string())
        } else if cost_roll < 70 {
            let amount = self.rng.range(10, 400);
            Some(format!(
                "free = false\namount_gbp = {amount}.0\nyear = {}\nnote = \"{}\"\n",
                self.rng.range(2023, 2025),
                self.rng.pick(&[
                    "Discounted for students and retired members",
                    "Per year, paid by many employers",
                    "Organisational membership covers all staff",
                ]),
            ))
        } else if cost_roll < 80 {
            Some("note = \"The sources do not say what it costs\"\n".to_string())
        } else {
            None
        };

        // Opportunities.
        let mut opps = String::new();
        // 1-5, mostly one or two (2.3 on average).
        let n_opp = [1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5][self.rng.below(11)];
        for k in 0..n_opp {
            let from = if self.rng.chance(70) { theme } else { second };
            let title = self.rng.pick(from.courses).to_string();
            let type_id = opportunity_type_for(&title, &self.vocab, &mut self.rng);
            let _ = writeln!(opps, "\n[[network.opportunity]]");
            let _ = writeln!(opps, "title = {}", q(&title));
            let _ = writeln!(opps, "type = {}", q(&type_id));
            let osum = format!(
                "{} on {}, for {}, with {}.",
                capitalise(match type_id.as_str() {
                    "webinar" => "an online session",
                    "apprenticeship" => "a paid apprenticeship",
                    "qualification" => "a qualification",
                    "fellowship" => "a supported fellowship",
                    "conference" => "an annual conference",
                    _ => "a practical course",
                }),
                self.rng.pick(from.topics),
                self.rng.pick(from.audiences),
                self.rng.pick(&[
                    "case studies from the NHS and social care",
                    "hands-on exercises using real, anonymised data",
                    "a certificate of attendance for CPD",
                    "tutors who work in the field",
                    "optional assessment at the end",
                ]),
            );
            let _ = writeln!(opps, "summary = {}", q(&osum));
            if self.rng.chance(70) {
                let _ = writeln!(opps, "url = \"https://example.org/n/{i}/learn/{}\"", k + 1);
            }
            let of = ids(&mut self.rng, &self.vocab.format, 1, 2);
            let _ = writeln!(opps, "formats = {}", list(&of));
            let os = ids(&mut self.rng, &self.vocab.career_stage, 1, 3);
            let _ = writeln!(opps, "career_stages = {}", list(&os));
            if self.rng.chance(60) {
                let _ = writeln!(opps, "duration = {}", q(self.rng.pick::<&str>(DURATIONS)));
            }
            if self.rng.chance(50) {
                let _ = writeln!(
                    opps,
                    "eligibility = {}",
                    q(self.rng.pick::<&str>(ELIGIBILITY))
                );
            }
            match self.rng.below(4) {
                0 => {
                    let _ = writeln!(opps, "cost = {{ free = true }}");
                }
                1 => {
                    let _ = writeln!(
                        opps,
                        "cost = {{ free = false, amount_gbp = {}.0, note = \"Per person\" }}",
                        self.rng.range(20, 3000)
                    );
                }
                2 => {
                    let _ = writeln!(opps, "cost = {{ note = \"Funded for NHS staff\" }}");
                }
                _ => {}
            }
        }

        // Provenance.
        let mut sources = vec![format!("https://example.org/n/{i}/about")];
        for k in 0..self.rng.range(0, 1) {
            sources.push(format!("https://example.org/news/{i}-{}", k + 1));
        }
        let as_of = self.rng.range(2022, 2025);
        let uncertain: Vec<String> = if self.rng.chance(30) {
            vec![
                self.rng
                    .pick(&["cost", "sectors", "members", "formats"])
                    .to_string(),
            ]
        } else {
            Vec::new()
        };

        // Write it.
        let mut s = String::with_capacity(2400);
        s.push_str("[[network]]\n");
        let _ = writeln!(s, "id = {}", q(&id));
        let _ = writeln!(s, "name = {}", q(&name));
        if let Some(sn) = &short_name {
            let _ = writeln!(s, "short_name = {}", q(sn));
        }
        let _ = writeln!(s, "kind = {}", q(&kind));
        let _ = writeln!(s, "status = {}", q(status));
        if let Some(su) = &successor {
            let _ = writeln!(s, "successor = {}", q(su));
        }
        let _ = writeln!(s, "summary = {}", q(&summary));
        let _ = writeln!(s, "description = {}", q(&description));
        let _ = writeln!(s, "website = \"https://example.org/n/{i}\"");
        if let Some(h) = &how_to_join {
            let _ = writeln!(s, "how_to_join = {}", q(h));
            let _ = writeln!(s, "join_url = \"https://example.org/n/{i}/join\"");
        }
        let _ = writeln!(s, "scope = {}", list(&scope));
        let _ = writeln!(s, "sectors = {}", list(&sectors));
        let _ = writeln!(s, "professions = {}", list(&professions));
        let _ = writeln!(s, "career_stages = {}", list(&stages));
        let _ = writeln!(s, "formats = {}", list(&formats));
        if let Some(p) = &policy {
            let _ = writeln!(s, "policy_engagement = {}", q(p));
        }
        let _ = writeln!(s, "tags = {}", list(&tags));
        if let Some(c) = &cost {
            s.push_str("\n[network.cost]\n");
            s.push_str(c);
        }
        s.push_str(&opps);
        s.push_str("\n[network.provenance]\n");
        let _ = writeln!(s, "sources = {}", list(&sources));
        let _ = writeln!(s, "as_of = {as_of}");
        let _ = writeln!(s, "uncertain = {}", list(&uncertain));

        let line = format!(
            "{id}\t{name}\t{}\t{}\t{}",
            short_name.as_deref().unwrap_or(""),
            tags.join(", "),
            summary
        );
        Generated { id, toml: s, line }
    }
}

/// `lo..=hi` distinct ids of a vocabulary list.
fn ids(rng: &mut Rng, list: &[(String, String)], lo: usize, hi: usize) -> Vec<String> {
    let k = rng.range(lo, hi.min(list.len()));
    rng.distinct(list.len(), k)
        .into_iter()
        .map(|i| list[i].0.clone())
        .collect()
}

fn opportunity_type_for(title: &str, vocab: &Vocab, rng: &mut Rng) -> String {
    let t = title.to_lowercase();
    let want = if t.contains("apprenticeship") {
        "apprenticeship"
    } else if t.contains("webinar") {
        "webinar"
    } else if t.contains("e-learning") {
        "online-learning"
    } else if t.contains("fellowship") {
        "fellowship"
    } else if t.contains("qualification") || t.contains("certificate") {
        "qualification"
    } else if t.contains("leadership") || t.contains("leaders") {
        "leadership-programme"
    } else if t.contains("workshop") || t.contains("masterclass") || t.contains("exercise") {
        "workshop"
    } else if t.contains("course") || t.contains("training") || t.contains("bootcamp") {
        "course"
    } else {
        ""
    };
    if !want.is_empty() && Vocab::has(&vocab.opportunity_type, want) && rng.chance(90) {
        want.to_string()
    } else {
        rng.pick(&vocab.opportunity_type).0.clone()
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Initials of the capitalised words: "North West Clinical Coding Network" → "NWCCN".
fn acronym(name: &str) -> String {
    let a: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    if a.chars().count() >= 2 {
        a
    } else {
        name.to_string()
    }
}

/// A network id from a name: a-z, 0-9 and single dashes (ŵ → w, ü → u, é → e).
fn slug(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        let c = match c {
            'é' | 'è' | 'É' => 'e',
            'ü' | 'Ü' => 'u',
            'ŵ' | 'Ŵ' => 'w',
            other => other.to_ascii_lowercase(),
        };
        if c.is_ascii_alphanumeric() {
            s.push(c);
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", parts.join(", "))
}

// ---------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------

/// Where to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    Stdout,
    File(PathBuf),
    /// `catalogue.toml` and `networks/`, `per_file` networks per file.
    Dir {
        dir: PathBuf,
        per_file: usize,
    },
}

/// Generate `n` networks with `seed` into `out`, and the fzf lines into `lines`.
pub fn write_catalogue(n: usize, seed: u64, out: &Output, lines: Option<&Path>) -> io::Result<()> {
    let mut g = Generator::new(seed);
    let head = g.head(n, seed);
    let mut lines_out = match lines {
        Some(p) => Some(io::BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    match out {
        Output::Stdout | Output::File(_) => {
            let mut w: Box<dyn Write> = match out {
                Output::File(p) => Box::new(io::BufWriter::new(std::fs::File::create(p)?)),
                _ => Box::new(io::BufWriter::new(io::stdout().lock())),
            };
            w.write_all(head.as_bytes())?;
            for _ in 0..n {
                let net = g.next_network();
                w.write_all(b"\n")?;
                w.write_all(net.toml.as_bytes())?;
                if let Some(l) = lines_out.as_mut() {
                    writeln!(l, "{}", net.line)?;
                }
            }
            w.flush()?;
        }
        Output::Dir { dir, per_file } => {
            let per_file = (*per_file).max(1);
            let nets = dir.join("networks");
            std::fs::create_dir_all(&nets)?;
            std::fs::write(dir.join("catalogue.toml"), head.as_bytes())?;
            let mut chunk = String::new();
            let mut first_id = String::new();
            let mut in_chunk = 0;
            let mut file_no = 0;
            for k in 0..n {
                let net = g.next_network();
                if let Some(l) = lines_out.as_mut() {
                    writeln!(l, "{}", net.line)?;
                }
                if in_chunk == 0 {
                    first_id = net.id.clone();
                } else {
                    chunk.push('\n');
                }
                chunk.push_str(&net.toml);
                in_chunk += 1;
                if in_chunk == per_file || k + 1 == n {
                    // One per file: named by id, like the bundled catalogue;
                    // else numbered so that the sorted order is the generated one.
                    let name = if per_file == 1 {
                        format!("{first_id}.toml")
                    } else {
                        format!("part-{file_no:06}.toml")
                    };
                    std::fs::write(nets.join(name), chunk.as_bytes())?;
                    chunk.clear();
                    in_chunk = 0;
                    file_no += 1;
                }
            }
        }
    }
    if let Some(mut l) = lines_out {
        l.flush()?;
    }
    Ok(())
}

/// The whole catalogue as one string (for tests and benchmarks).
pub fn catalogue_string(n: usize, seed: u64) -> String {
    let mut g = Generator::new(seed);
    let mut s = g.head(n, seed);
    for _ in 0..n {
        s.push('\n');
        s.push_str(&g.next_network().toml);
    }
    s
}

const USAGE: &str =
    "usage: gen N [--seed S] [--dir OUT [--per-file K] | --out FILE] [--lines FILE]";

fn parse_args(args: &[String]) -> Result<(usize, u64, Output, Option<PathBuf>), String> {
    let mut n: Option<usize> = None;
    let mut seed = DEFAULT_SEED;
    let mut dir: Option<PathBuf> = None;
    let mut file: Option<PathBuf> = None;
    let mut per_file = 1usize;
    let mut lines = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--seed" => {
                seed = value("--seed")?
                    .parse()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--dir" => dir = Some(PathBuf::from(value("--dir")?)),
            "--out" => file = Some(PathBuf::from(value("--out")?)),
            "--lines" => lines = Some(PathBuf::from(value("--lines")?)),
            "--per-file" => {
                per_file = value("--per-file")?
                    .parse()
                    .map_err(|e| format!("--per-file: {e}"))?
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            other if n.is_none() && !other.starts_with('-') => {
                n = Some(
                    other
                        .replace('_', "")
                        .parse()
                        .map_err(|e| format!("N: {e}\n{USAGE}"))?,
                )
            }
            other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
        }
    }
    let n = n.ok_or_else(|| USAGE.to_string())?;
    let out = match (dir, file) {
        (Some(_), Some(_)) => return Err(format!("give --dir or --out, not both\n{USAGE}")),
        (Some(dir), None) => Output::Dir { dir, per_file },
        (None, Some(f)) => Output::File(f),
        (None, None) => Output::Stdout,
    };
    Ok((n, seed, out, lines))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (n, seed, out, lines) = match parse_args(&args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = write_catalogue(n, seed, &out, lines.as_deref()) {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_bytes() {
        let a = catalogue_string(300, 7);
        let b = catalogue_string(300, 7);
        assert_eq!(a, b);
        assert_ne!(a, catalogue_string(300, 8));
    }

    #[test]
    fn same_bytes_on_disk() {
        let dir = tempfile::tempdir().expect("temp dir");
        let one = dir.path().join("one.toml");
        let two = dir.path().join("two.toml");
        write_catalogue(200, 3, &Output::File(one.clone()), None).expect("write");
        write_catalogue(200, 3, &Output::File(two.clone()), None).expect("write");
        assert_eq!(std::fs::read(one).unwrap(), std::fs::read(two).unwrap());
    }

    #[test]
    fn generated_catalogue_loads() {
        // One file per network, as `--dir` writes them.
        let mut g = Generator::new(DEFAULT_SEED);
        let mut files = vec![hinet::catalogue::SourceFile {
            name: "catalogue.toml".into(),
            text: g.head(500, DEFAULT_SEED),
        }];
        for _ in 0..500 {
            let net = g.next_network();
            files.push(hinet::catalogue::SourceFile {
                name: format!("networks/{}.toml", net.id),
                text: net.toml,
            });
        }
        let cat = hinet::catalogue::from_files(files, vec![]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(cat.networks.len(), 500);
        assert!(cat.networks.iter().any(|n| n.successor.is_some()));
        assert!(cat.networks.iter().any(|n| !n.name.is_ascii()));
        assert!(
            cat.networks
                .iter()
                .any(|n| n.description.as_deref().is_some_and(|d| d.contains('ŵ')))
        );
        assert!(
            cat.networks
                .iter()
                .all(|n| (1..=5).contains(&n.opportunities.len()))
        );
    }

    #[test]
    fn vocabulary_is_read() {
        let v = Vocab::parse(CATALOGUE_TOML);
        for list in [
            &v.kind,
            &v.scope,
            &v.sector,
            &v.profession,
            &v.career_stage,
            &v.format,
            &v.opportunity_type,
        ] {
            assert!(!list.is_empty());
        }
    }
}
