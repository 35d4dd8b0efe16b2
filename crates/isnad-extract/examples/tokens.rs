//! Prints the tokens and clitic pieces of a text: `cargo run -p isnad-extract --example tokens -- "وبالحسكة"`.

fn main() {
    let text = std::env::args().nth(1).unwrap();
    let layer = isnad_text::TextLayer::new(&text);
    for t in &layer.tokens {
        let pieces: Vec<String> = t
            .pieces
            .iter()
            .map(|p| format!("{:?}:{}", p.kind, &text[p.span.clone()]))
            .collect();
        println!(
            "{:?} {} [{}] fold={}",
            t.kind,
            t.text(&text),
            pieces.join(" "),
            isnad_text::fold(t.text(&text))
        );
    }
}
