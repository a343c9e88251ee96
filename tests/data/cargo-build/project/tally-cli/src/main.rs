use std::io::Read;

fn main() {
    let mut text = Vec::new();
    std::io::stdin().read_to_end(&mut text).expect("stdin");
    let t = tally::count(&text);
    if std::env::args().any(|a| a == "--json") {
        println!("{}", tally::to_json(&t));
    } else {
        println!("{} ({})", tally::summary(&t), env!("TALLY_PROFILE"));
    }
}
