//! The dependency parser: arc-hybrid transitions (Kuhlmann et al. 2011), chosen greedily by an
//! averaged perceptron over the rich feature set of Zhang and Nivre (2011), trained with a
//! dynamic oracle and exploration (Goldberg and Nivre 2013), so that it learns to recover from
//! its own mistakes rather than only to follow gold paths.
//!
//! A state is a stack (the root at its bottom) and a buffer of the words not yet read.
//! Three kinds of move, each labelled where it makes an arc:
//!
//! - **shift** takes the first word of the buffer onto the stack;
//! - **left** makes the first word of the buffer the head of the top of the stack, and pops it;
//! - **right** makes the word under the top the head of the top, and pops it.
//!
//! Only a right move hangs a word on the root, with the label `root`, and only once the buffer
//! is empty, so every tree has one root. A sentence takes exactly 2n moves: the parser is
//! linear in its length.
//!
//! The dynamic oracle says, for any state, how many gold arcs each move would make
//! unreachable; training updates towards the best-scored move that loses none (or the fewest:
//! a non-projective gold tree cannot be built whole) and, after the first pass, follows the
//! model's own choice nine times in ten, so that it sees the states its mistakes lead to.

use crate::features::{hash_str, mix, mix64, Atoms, NONE, ROOT};
use crate::perceptron::{best, Counts, Table, Trainer, Weights};
use crate::tagger::Tagged;
use crate::tags::Deprel;
use crate::treebank::Scheme;

/// "No node": an empty slot of the stack, buffer or children.
const NIL: usize = usize::MAX;

/// What the parser reads of one word: atoms of its form and its tags, hashed.
#[derive(Debug, Clone, Copy)]
pub struct Token {
    /// Folded form.
    pub form: u64,
    /// Part of speech.
    pub tag: u64,
    /// Form and part of speech together.
    pub form_tag: u64,
    /// Fine cluster (or the stem).
    pub cluster: u64,
    /// Coarse cluster.
    pub coarse: u64,
    /// Case and definiteness.
    pub morph: u64,
    /// Voice, aspect, person, number and gender (what agreement and passives need).
    pub verbal: u64,
}

impl Token {
    /// The token of a tagged word.
    pub fn new(atoms: &Atoms, tagged: &Tagged) -> Token {
        let tag = hash_str(tagged.upos.as_str());
        let f = tagged.feats;
        let code = |v: Option<usize>| v.map_or(0, |i| i as u64 + 1);
        Token {
            form: atoms.form,
            tag,
            form_tag: mix64(10, &[atoms.form, tag]),
            cluster: atoms.cluster,
            coarse: atoms.coarse,
            morph: mix64(
                11,
                &[
                    code(f.case.map(|c| c.index())),
                    code(f.definite.map(|d| d.index())),
                ],
            ),
            verbal: mix64(
                12,
                &[
                    code(f.voice.map(|v| v.index())),
                    code(f.aspect.map(|a| a.index())),
                    code(f.person.map(|p| p.index())),
                    code(f.number.map(|n| n.index())),
                    code(f.gender.map(|g| g.index())),
                ],
            ),
        }
    }

    fn none() -> Token {
        Token {
            form: NONE,
            tag: NONE,
            form_tag: NONE,
            cluster: NONE,
            coarse: NONE,
            morph: NONE,
            verbal: NONE,
        }
    }

    fn root() -> Token {
        Token {
            form: ROOT,
            tag: ROOT,
            form_tag: ROOT,
            cluster: ROOT,
            coarse: ROOT,
            morph: ROOT,
            verbal: ROOT,
        }
    }
}

/// The moves, numbered: 0 is shift, then a left move per label, then a right move per label.
#[derive(Debug, Clone)]
pub struct Moves {
    /// The labels, in class order.
    pub labels: Vec<Deprel>,
}

/// One move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Shift,
    Left(usize),
    Right(usize),
}

impl Moves {
    /// The moves over these labels.
    pub fn new(labels: Vec<Deprel>) -> Moves {
        Moves { labels }
    }

    /// How many moves (classes).
    pub fn count(&self) -> usize {
        1 + 2 * self.labels.len()
    }

    fn of(&self, class: usize) -> Move {
        let n = self.labels.len();
        match class {
            0 => Move::Shift,
            c if c <= n => Move::Left(c - 1),
            c => Move::Right(c - 1 - n),
        }
    }

    fn root_label(&self) -> Option<usize> {
        self.labels.iter().position(|&l| l == Deprel::Root)
    }
}

/// A parser state. Nodes are numbered from 1 (the words), 0 is the root.
struct State {
    n: usize,
    stack: Vec<usize>,
    /// The first word of the buffer; the buffer is `front..=n`.
    front: usize,
    head: Vec<usize>,
    label: Vec<usize>,
    /// The leftmost and second leftmost child of each node.
    left: Vec<[usize; 2]>,
    /// The rightmost and second rightmost child of each node.
    right: Vec<[usize; 2]>,
    left_count: Vec<u8>,
    right_count: Vec<u8>,
    /// Bit sets of the labels of each node's left and right children.
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        State {
            n,
            stack: vec![0],
            front: 1,
            head: vec![NIL; n + 1],
            label: vec![NIL; n + 1],
            left: vec![[NIL; 2]; n + 1],
            right: vec![[NIL; 2]; n + 1],
            left_count: vec![0; n + 1],
            right_count: vec![0; n + 1],
            left_labels: vec![0; n + 1],
            right_labels: vec![0; n + 1],
        }
    }

    fn done(&self) -> bool {
        self.front > self.n && self.stack.len() == 1
    }

    fn s(&self, k: usize) -> usize {
        if k < self.stack.len() {
            self.stack[self.stack.len() - 1 - k]
        } else {
            NIL
        }
    }

    fn b(&self, k: usize) -> usize {
        if self.front + k <= self.n {
            self.front + k
        } else {
            NIL
        }
    }

    fn allowed(&self, m: Move, root_label: Option<usize>) -> bool {
        let buffer = self.front <= self.n;
        match m {
            Move::Shift => buffer,
            Move::Left(l) => buffer && self.stack.len() >= 2 && Some(l) != root_label,
            Move::Right(l) => {
                if self.stack.len() < 2 {
                    return false;
                }
                let to_root = self.stack.len() == 2;
                if to_root {
                    !buffer && Some(l) == root_label
                } else {
                    Some(l) != root_label
                }
            }
        }
    }

    fn attach(&mut self, head: usize, dep: usize, label: usize) {
        self.head[dep] = head;
        self.label[dep] = label;
        let bit = 1u64 << (label % 64);
        if dep < head {
            self.left[head] = [dep, self.left[head][0]];
            self.left_count[head] = self.left_count[head].saturating_add(1);
            self.left_labels[head] |= bit;
        } else {
            self.right[head] = [dep, self.right[head][0]];
            self.right_count[head] = self.right_count[head].saturating_add(1);
            self.right_labels[head] |= bit;
        }
    }

    fn apply(&mut self, m: Move) {
        match m {
            Move::Shift => {
                self.stack.push(self.front);
                self.front += 1;
            }
            Move::Left(l) => {
                let s0 = self.stack.pop().expect("left needs a stack");
                self.attach(self.front, s0, l);
            }
            Move::Right(l) => {
                let s0 = self.stack.pop().expect("right needs a stack");
                let s1 = *self.stack.last().expect("right needs two");
                self.attach(s1, s0, l);
            }
        }
    }

    /// The gold arcs each kind of move would make unreachable (Goldberg and Nivre 2013), for
    /// gold heads `gold[d]` (0 = root) of nodes 1..=n. Label costs are added by the caller.
    fn costs(&self, gold: &[usize]) -> [usize; 3] {
        let s0 = self.s(0);
        let s1 = self.s(1);
        let front = self.front;
        let in_buffer = |x: usize| x != NIL && x >= front && x <= self.n;
        let mut shift = 0;
        if front <= self.n {
            let b = front;
            for (k, &x) in self.stack.iter().enumerate() {
                let is_top = k + 1 == self.stack.len();
                if gold[b] == x && !is_top {
                    shift += 1;
                }
                if x != 0 && gold[x] == b {
                    shift += 1;
                }
            }
        }
        let (mut left, mut right) = (0, 0);
        if s0 != NIL && s0 != 0 {
            let children_in_buffer = (front..=self.n).filter(|&d| gold[d] == s0).count();
            let h = gold[s0];
            left = children_in_buffer
                + usize::from(
                    h != front && ((s1 != NIL && h == s1) || (in_buffer(h) && h > front)),
                );
            right = children_in_buffer + usize::from(h != s1 && in_buffer(h));
        }
        [shift, left, right]
    }
}

/// The distance between two words, in buckets.
fn distance(a: usize, b: usize) -> u64 {
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=10 => 6,
        _ => 7,
    }
}

/// Template numbers of the parser.
mod t {
    pub const S0: u32 = 500;
    pub const B0: u32 = 510;
    pub const B1: u32 = 520;
    pub const B2: u32 = 530;
    pub const S1: u32 = 540;
    pub const S2: u32 = 550;
    pub const PAIR: u32 = 600;
    pub const TRIPLE: u32 = 650;
    pub const DIST: u32 = 700;
    pub const VALENCY: u32 = 720;
    pub const CHILD: u32 = 740;
    pub const LABELS: u32 = 780;
    pub const MORPH: u32 = 800;
    pub const CLUSTER: u32 = 820;
    pub const BETWEEN: u32 = 840;
}

/// Templates left out by the lean feature set (an experiment: `ISNAD_LEAN=1`).
const LEAN_DROPS: &[u32] = &[
    t::PAIR + 1,
    t::PAIR + 2,
    t::PAIR + 11,
    t::PAIR + 12,
    t::PAIR + 13,
    t::PAIR + 14,
    t::TRIPLE + 10,
    t::TRIPLE + 11,
    t::TRIPLE + 12,
    t::TRIPLE + 13,
    t::DIST + 5,
    t::DIST + 7,
    t::VALENCY + 2,
    t::VALENCY + 6,
    t::CHILD + 9,
    t::CHILD + 10,
    t::CHILD + 11,
    t::CHILD + 12,
    t::CHILD + 13,
    t::CHILD + 14,
    t::CHILD + 15,
    t::CHILD + 19,
    t::LABELS + 2,
    t::LABELS + 4,
    t::MORPH + 3,
    t::MORPH + 5,
    t::MORPH + 7,
    t::MORPH + 8,
    t::MORPH + 9,
    t::CLUSTER + 2,
    t::CLUSTER + 3,
    t::CLUSTER + 5,
    t::CLUSTER + 6,
    t::CLUSTER + 7,
    t::S0 + 3,
    t::B0 + 3,
    t::S1 + 3,
    t::B2,
    t::S1 + 2,
];

fn lean() -> bool {
    static LEAN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *LEAN.get_or_init(|| std::env::var("ISNAD_LEAN").is_ok_and(|v| v == "1"))
}

/// The features of a state.
fn features(st: &State, tokens: &[Token], out: &mut Vec<u32>) {
    out.clear();
    let lean = lean();
    let f = |template: u32, values: &[u64]| {
        (!lean || !LEAN_DROPS.contains(&template)).then(|| mix(template, values))
    };
    let none = Token::none();
    let root = Token::root();
    let tok = |x: usize| -> &Token {
        match x {
            NIL => &none,
            0 => &root,
            x => &tokens[x - 1],
        }
    };
    let label = |x: usize| -> u64 {
        if x == NIL || st.label[x] == NIL {
            NONE
        } else {
            st.label[x] as u64 + 1
        }
    };
    let child = |x: usize, side: &[[usize; 2]], k: usize| if x == NIL { NIL } else { side[x][k] };
    let (s0n, s1n, s2n) = (st.s(0), st.s(1), st.s(2));
    let (b0n, b1n, b2n) = (st.b(0), st.b(1), st.b(2));
    let (s0, s1, s2) = (tok(s0n), tok(s1n), tok(s2n));
    let (b0, b1, b2) = (tok(b0n), tok(b1n), tok(b2n));
    let s0l = child(s0n, &st.left, 0);
    let s0l2 = child(s0n, &st.left, 1);
    let s0r = child(s0n, &st.right, 0);
    let s0r2 = child(s0n, &st.right, 1);
    let b0l = child(b0n, &st.left, 0);
    let b0l2 = child(b0n, &st.left, 1);
    let s1r = child(s1n, &st.right, 0);
    let s1l = child(s1n, &st.left, 0);

    out.extend(
        [
            f(t::S0, &[s0.form]),
            f(t::S0 + 1, &[s0.tag]),
            f(t::S0 + 2, &[s0.form_tag]),
            f(t::S0 + 3, &[s0.cluster]),
            f(t::B0, &[b0.form]),
            f(t::B0 + 1, &[b0.tag]),
            f(t::B0 + 2, &[b0.form_tag]),
            f(t::B0 + 3, &[b0.cluster]),
            f(t::B1, &[b1.form]),
            f(t::B1 + 1, &[b1.tag]),
            f(t::B1 + 2, &[b1.form_tag]),
            f(t::B2, &[b2.form]),
            f(t::B2 + 1, &[b2.tag]),
            f(t::S1, &[s1.form]),
            f(t::S1 + 1, &[s1.tag]),
            f(t::S1 + 2, &[s1.form_tag]),
            f(t::S1 + 3, &[s1.cluster]),
            f(t::S2, &[s2.tag]),
            // Pairs of the top of the stack and the front of the buffer (left moves), and of the
            // top two of the stack (right moves).
            f(t::PAIR, &[s0.form_tag, b0.form_tag]),
            f(t::PAIR + 1, &[s0.form_tag, b0.form]),
            f(t::PAIR + 2, &[s0.form, b0.form_tag]),
            f(t::PAIR + 3, &[s0.form_tag, b0.tag]),
            f(t::PAIR + 4, &[s0.tag, b0.form_tag]),
            f(t::PAIR + 5, &[s0.form, b0.form]),
            f(t::PAIR + 6, &[s0.tag, b0.tag]),
            f(t::PAIR + 7, &[b0.tag, b1.tag]),
            f(t::PAIR + 8, &[s1.form_tag, s0.form_tag]),
            f(t::PAIR + 9, &[s1.tag, s0.tag]),
            f(t::PAIR + 10, &[s1.form, s0.form]),
            f(t::PAIR + 11, &[s1.tag, s0.form]),
            f(t::PAIR + 12, &[s1.form, s0.tag]),
            f(t::PAIR + 13, &[s1.form_tag, s0.tag]),
            f(t::PAIR + 14, &[s1.tag, s0.form_tag]),
            f(t::PAIR + 15, &[s0.tag, b1.tag]),
            f(t::TRIPLE, &[b0.tag, b1.tag, b2.tag]),
            f(t::TRIPLE + 1, &[s0.tag, b0.tag, b1.tag]),
            f(t::TRIPLE + 2, &[s1.tag, s0.tag, b0.tag]),
            f(t::TRIPLE + 3, &[s2.tag, s1.tag, s0.tag]),
            f(t::TRIPLE + 4, &[s0.tag, tok(s0l).tag, b0.tag]),
            f(t::TRIPLE + 5, &[s0.tag, tok(s0r).tag, b0.tag]),
            f(t::TRIPLE + 6, &[s0.tag, b0.tag, tok(b0l).tag]),
            f(t::TRIPLE + 7, &[s1.tag, s0.tag, tok(s0l).tag]),
            f(t::TRIPLE + 8, &[s1.tag, s0.tag, tok(s0r).tag]),
            f(t::TRIPLE + 9, &[s1.tag, tok(s1r).tag, s0.tag]),
            f(t::TRIPLE + 10, &[s0.tag, tok(s0l).tag, tok(s0l2).tag]),
            f(t::TRIPLE + 11, &[s0.tag, tok(s0r).tag, tok(s0r2).tag]),
            f(t::TRIPLE + 12, &[b0.tag, tok(b0l).tag, tok(b0l2).tag]),
            f(t::TRIPLE + 13, &[s1.tag, tok(s1l).tag, s0.tag]),
        ]
        .into_iter()
        .flatten(),
    );
    let d0 = if s0n != NIL && b0n != NIL {
        distance(s0n, b0n)
    } else {
        NONE
    };
    let d1 = if s0n != NIL && s1n != NIL && s1n != 0 {
        distance(s1n, s0n)
    } else {
        NONE
    };
    out.extend(
        [
            f(t::DIST, &[s0.form, d0]),
            f(t::DIST + 1, &[s0.tag, d0]),
            f(t::DIST + 2, &[b0.form, d0]),
            f(t::DIST + 3, &[b0.tag, d0]),
            f(t::DIST + 4, &[s0.tag, b0.tag, d0]),
            f(t::DIST + 5, &[s0.form, b0.form, d0]),
            f(t::DIST + 6, &[s1.tag, s0.tag, d1]),
            f(t::DIST + 7, &[s1.form, s0.form, d1]),
        ]
        .into_iter()
        .flatten(),
    );
    let count = |x: usize, side: &[u8]| if x == NIL { NONE } else { u64::from(side[x]) };
    let (s0vl, s0vr, b0vl, s1vr) = (
        count(s0n, &st.left_count),
        count(s0n, &st.right_count),
        count(b0n, &st.left_count),
        count(s1n, &st.right_count),
    );
    out.extend(
        [
            f(t::VALENCY, &[s0.form, s0vr]),
            f(t::VALENCY + 1, &[s0.tag, s0vr]),
            f(t::VALENCY + 2, &[s0.form, s0vl]),
            f(t::VALENCY + 3, &[s0.tag, s0vl]),
            f(t::VALENCY + 4, &[b0.form, b0vl]),
            f(t::VALENCY + 5, &[b0.tag, b0vl]),
            f(t::VALENCY + 6, &[s1.tag, s1vr]),
        ]
        .into_iter()
        .flatten(),
    );
    out.extend(
        [
            f(t::CHILD, &[tok(s0l).form]),
            f(t::CHILD + 1, &[tok(s0l).tag]),
            f(t::CHILD + 2, &[label(s0l)]),
            f(t::CHILD + 3, &[tok(s0r).form]),
            f(t::CHILD + 4, &[tok(s0r).tag]),
            f(t::CHILD + 5, &[label(s0r)]),
            f(t::CHILD + 6, &[tok(b0l).form]),
            f(t::CHILD + 7, &[tok(b0l).tag]),
            f(t::CHILD + 8, &[label(b0l)]),
            f(t::CHILD + 9, &[tok(s0l2).tag]),
            f(t::CHILD + 10, &[label(s0l2)]),
            f(t::CHILD + 11, &[tok(s0r2).tag]),
            f(t::CHILD + 12, &[label(s0r2)]),
            f(t::CHILD + 13, &[tok(b0l2).tag]),
            f(t::CHILD + 14, &[label(b0l2)]),
            f(t::CHILD + 15, &[tok(s1r).tag, label(s1r)]),
            f(t::CHILD + 16, &[s0.tag, label(s0l), label(s0l2)]),
            f(t::CHILD + 17, &[s0.tag, label(s0r), label(s0r2)]),
            f(t::CHILD + 18, &[b0.tag, label(b0l), label(b0l2)]),
            f(t::CHILD + 19, &[s1.tag, tok(s1l).tag, label(s1l)]),
        ]
        .into_iter()
        .flatten(),
    );
    let set = |x: usize, side: &[u64]| if x == NIL { NONE } else { side[x] };
    out.extend(
        [
            f(t::LABELS, &[s0.form, set(s0n, &st.right_labels)]),
            f(t::LABELS + 1, &[s0.tag, set(s0n, &st.right_labels)]),
            f(t::LABELS + 2, &[s0.form, set(s0n, &st.left_labels)]),
            f(t::LABELS + 3, &[s0.tag, set(s0n, &st.left_labels)]),
            f(t::LABELS + 4, &[b0.form, set(b0n, &st.left_labels)]),
            f(t::LABELS + 5, &[b0.tag, set(b0n, &st.left_labels)]),
        ]
        .into_iter()
        .flatten(),
    );
    out.extend(
        [
            f(t::MORPH, &[s0.morph, b0.tag]),
            f(t::MORPH + 1, &[s0.tag, b0.morph]),
            f(t::MORPH + 2, &[s0.morph, b0.morph]),
            f(t::MORPH + 3, &[s1.morph, s0.morph]),
            f(t::MORPH + 4, &[s0.tag, s0.morph, b0.tag, b0.morph]),
            f(t::MORPH + 5, &[s1.tag, s1.morph, s0.tag, s0.morph]),
            f(t::MORPH + 6, &[s0.verbal, b0.tag, b0.morph]),
            f(t::MORPH + 7, &[s1.verbal, s0.tag, s0.morph]),
            f(t::MORPH + 8, &[s0.tag, s0.morph, b0.verbal]),
            f(t::MORPH + 9, &[s1.tag, s1.verbal, s0.verbal]),
        ]
        .into_iter()
        .flatten(),
    );
    out.extend(
        [
            f(t::CLUSTER, &[s0.cluster, b0.cluster]),
            f(t::CLUSTER + 1, &[s0.coarse, b0.coarse]),
            f(t::CLUSTER + 2, &[s0.cluster, b0.tag]),
            f(t::CLUSTER + 3, &[s0.tag, b0.cluster]),
            f(t::CLUSTER + 4, &[s1.cluster, s0.cluster]),
            f(t::CLUSTER + 5, &[s1.coarse, s0.tag]),
            f(t::CLUSTER + 6, &[s1.tag, s0.coarse]),
            f(t::CLUSTER + 7, &[s0.coarse, b0.tag, b1.tag]),
        ]
        .into_iter()
        .flatten(),
    );
    // Punctuation and verbs between the top of the stack and the front of the buffer: a comma
    // or a verb in between makes an arc across them less likely.
    if s0n != NIL && s0n != 0 && b0n != NIL && b0n > s0n + 1 {
        let between = &tokens[s0n..b0n - 1];
        let punct = hash_str("PUNCT");
        let verb = hash_str("VERB");
        let commas = between.iter().filter(|t| t.tag == punct).count().min(3) as u64;
        let verbs = between.iter().filter(|t| t.tag == verb).count().min(2) as u64;
        out.extend(
            [
                f(t::BETWEEN, &[s0.tag, b0.tag, commas]),
                f(t::BETWEEN + 1, &[s0.tag, b0.tag, verbs]),
            ]
            .into_iter()
            .flatten(),
        );
    }
}

/// A parsed word: its head (from 1; 0 is the root) and relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arc {
    /// The head's position from 1, 0 for the root.
    pub head: usize,
    /// The relation to the head.
    pub rel: Deprel,
}

/// The parser, ready for one scheme's text.
pub struct Parser {
    moves: Moves,
    table: Table,
}

impl Parser {
    /// The parser of `weights` over `moves` for text in `scheme`.
    pub fn new(moves: Moves, weights: &Weights, scheme: Scheme) -> Parser {
        Parser {
            table: weights.for_scheme(scheme),
            moves,
        }
    }

    /// Parses one sentence's tokens.
    pub fn parse(&self, tokens: &[Token]) -> Vec<Arc> {
        let n = tokens.len();
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(160);
        let mut scores = vec![0f32; self.moves.count()];
        let root = self.moves.root_label();
        while !st.done() {
            features(&st, tokens, &mut feats);
            scores.fill(0.0);
            self.table.score(&feats, &mut scores);
            let Some(class) = best(&scores, |c| st.allowed(self.moves.of(c), root)) else {
                break;
            };
            st.apply(self.moves.of(class));
        }
        (1..=n)
            .map(|d| Arc {
                head: if st.head[d] == NIL { 0 } else { st.head[d] },
                rel: if st.label[d] == NIL {
                    Deprel::Dep
                } else {
                    self.moves.labels[st.label[d]]
                },
            })
            .collect()
    }
}

/// One training sentence for the parser: tokens from predicted tags, gold arcs.
pub struct Example {
    /// The words as the parser reads them.
    pub tokens: Vec<Token>,
    /// Gold heads (from 1; 0 the root).
    pub heads: Vec<usize>,
    /// Gold labels, as indices into the moves' labels.
    pub labels: Vec<usize>,
    /// The sentence's scheme.
    pub scheme: Scheme,
}

/// Features seen fewer times than this on the oracle's path get no weights.
const MIN_COUNT: u32 = 3;

/// The gold heads and labels of an example, by node (index 0 is the root).
fn gold_of(ex: &Example) -> (Vec<usize>, Vec<usize>) {
    let n = ex.tokens.len();
    let mut gold = vec![0usize; n + 1];
    let mut gold_label = vec![NIL; n + 1];
    gold[1..].copy_from_slice(&ex.heads);
    gold_label[1..].copy_from_slice(&ex.labels);
    (gold, gold_label)
}

/// The cost of each move in `st` (`usize::MAX` where not allowed), and the least of them.
fn move_costs(
    st: &State,
    moves: &Moves,
    gold: &[usize],
    gold_label: &[usize],
    costs: &mut [usize],
) -> usize {
    let root = moves.root_label();
    let [shift, left, right] = st.costs(gold);
    let (s0, s1, b0) = (st.s(0), st.s(1), st.b(0));
    let mut least = usize::MAX;
    for (c, cost) in costs.iter_mut().enumerate() {
        let m = moves.of(c);
        *cost = if !st.allowed(m, root) {
            usize::MAX
        } else {
            match m {
                Move::Shift => shift,
                Move::Left(l) => left + usize::from(gold[s0] == b0 && gold_label[s0] != l),
                Move::Right(l) => right + usize::from(gold[s0] == s1 && gold_label[s0] != l),
            }
        };
        least = least.min(*cost);
    }
    least
}

/// Learns the parser from `examples` for `epochs` passes.
pub fn train(moves: &Moves, examples: &[Example], epochs: usize, seed: u64) -> Weights {
    let mut feats = Vec::with_capacity(160);
    let mut costs = vec![0usize; moves.count()];
    let mut counts = Counts::default();
    for ex in examples {
        let (gold, gold_label) = gold_of(ex);
        let mut st = State::new(ex.tokens.len());
        while !st.done() {
            features(&st, &ex.tokens, &mut feats);
            counts.add(&feats);
            let least = move_costs(&st, moves, &gold, &gold_label, &mut costs);
            let Some(next) = costs.iter().position(|&c| c == least) else {
                break;
            };
            st.apply(moves.of(next));
        }
    }
    let mut trainer = Trainer::keeping(counts, MIN_COUNT);
    let mut rng = crate::Rng::new(seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut scores = vec![0f32; moves.count()];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        for &e in &order {
            let ex = &examples[e];
            let (gold, gold_label) = gold_of(ex);
            let mut st = State::new(ex.tokens.len());
            while !st.done() {
                features(&st, &ex.tokens, &mut feats);
                scores.fill(0.0);
                trainer.score(&feats, ex.scheme, &mut scores);
                let least = move_costs(&st, moves, &gold, &gold_label, &mut costs);
                let Some(guess) = best(&scores, |c| costs[c] != usize::MAX) else {
                    break;
                };
                let target = best(&scores, |c| costs[c] == least).unwrap_or(guess);
                if costs[guess] != least {
                    trainer.update(&feats, ex.scheme, target, 1.0);
                    trainer.update(&feats, ex.scheme, guess, -1.0);
                }
                trainer.tick();
                let explore = epoch > 0 && rng.below(10) < 9;
                let next = if costs[guess] == least || explore {
                    guess
                } else {
                    target
                };
                st.apply(moves.of(next));
            }
        }
    }
    trainer.average()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The oracle, followed at zero cost, builds any projective gold tree.
    #[test]
    fn the_oracle_builds_a_projective_tree() {
        // 1 ← 2 → 3, 3 → 4, root → 2: "the base was hit by a strike" shapes.
        let gold = [0, 2, 0, 2, 3];
        let n = 4;
        let mut st = State::new(n);
        while !st.done() {
            let [shift, left, right] = st.costs(&gold);
            let root_ok = st.stack.len() > 2 || st.front > n;
            let m = if left == 0 && st.front <= n && st.stack.len() >= 2 {
                Move::Left(0)
            } else if right == 0 && st.stack.len() >= 2 && root_ok {
                Move::Right(if st.stack.len() == 2 { 1 } else { 0 })
            } else {
                assert_eq!(shift, 0, "some move must lose nothing");
                Move::Shift
            };
            st.apply(m);
        }
        assert_eq!(&st.head[1..], &gold[1..]);
    }

    #[test]
    fn only_one_word_hangs_on_the_root() {
        let moves = Moves::new(vec![Deprel::Nsubj, Deprel::Root]);
        let root = moves.root_label();
        let mut st = State::new(2);
        st.apply(Move::Shift);
        assert!(!st.allowed(Move::Right(1), root), "the buffer is not empty");
        st.apply(Move::Shift);
        assert!(!st.allowed(Move::Right(1), root), "not onto a word");
        assert!(st.allowed(Move::Right(0), root));
        st.apply(Move::Right(0));
        assert!(st.allowed(Move::Right(1), root));
        assert!(!st.allowed(Move::Right(0), root), "the root takes `root`");
    }
}
