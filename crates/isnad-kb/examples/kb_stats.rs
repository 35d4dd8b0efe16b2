//! Prints the entry counts by type and role, and the aliases that name several entries:
//! `cargo run -p isnad-kb --example kb_stats`.

use std::collections::BTreeMap;

fn main() {
    let kb = isnad_kb::Kb::bundled();
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_role: BTreeMap<String, usize> = BTreeMap::new();
    for e in kb.entries() {
        *by_type.entry(format!("{:?}", e.entity_type)).or_default() += 1;
        let role = e.role.map_or("-".to_string(), |r| format!("{:?}", r));
        *by_role
            .entry(format!("{:?} {role}", e.entity_type))
            .or_default() += 1;
    }
    println!("{} entries, {} alias keys", kb.len(), kb.aliases().count());
    println!("by type: {by_type:?}");
    for (role, n) in by_role {
        println!("  {role}: {n}");
    }
    let mut shared: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (key, id) in kb.aliases() {
        shared.entry(key).or_default().push(&kb.entry(id).id);
    }
    println!("aliases naming several entries:");
    for (key, ids) in shared.iter().filter(|(_, ids)| ids.len() > 1) {
        let names: Vec<String> = ids
            .iter()
            .map(|id| format!("{id} {}", kb.get(id).unwrap().name_ar))
            .collect();
        println!("  {key}: {}", names.join(" ; "));
    }
}
